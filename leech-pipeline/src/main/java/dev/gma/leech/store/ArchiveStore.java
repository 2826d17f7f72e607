package dev.gma.leech.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Streams archives into the bucket: {@code gs://} through Beam's {@link FileSystems}, a local
 * directory through a {@link FileChannel} (Beam's local channel passes every write through an
 * 8 KiB array; this one writes each buffer in one call). Rename and delete go through
 * {@link FileSystems} for both. The bytes pass through a fixed set of buffers, read from the
 * network and hashed on one thread while the caller's thread writes the previous ones
 * ({@link OverlappedCopy}): memory does not grow with the archive. Each archive is written under a
 * temporary name and renamed into place only when complete, so a reader never sees half an
 * archive and a failure or crash leaves at most a temporary object behind.
 */
public final class ArchiveStore implements Serializable {

    /** 4 MiB in flight per archive being copied: large reads and writes, few hand-offs. */
    private static final int BUFFERS = 4;
    private static final int BUFFER_SIZE = 1024 * 1024;
    /** Longer than github-client's read timeout (30 s), so a blocked read has ended by then. */
    private static final Duration READER_STOP_WAIT = Duration.ofSeconds(45);

    private final String root;
    private final ChannelOpener opener;

    /** Opens the channel a temporary object is written through. */
    @FunctionalInterface
    interface ChannelOpener extends Serializable {
        WritableByteChannel create(ResourceId resource) throws IOException;
    }

    /** @param root {@code gs://bucket} or an absolute directory */
    public ArchiveStore(String root) {
        this(root, ArchiveStore::openChannel);
    }

    /** For tests: a channel that fails where the test wants it to. */
    ArchiveStore(String root, ChannelOpener opener) {
        this.root = root.replaceAll("/+$", "");
        this.opener = opener;
    }

    public String uriOf(String objectPath) {
        return root + "/" + objectPath;
    }

    /**
     * Streams {@code in} to {@code objectPath}. When {@code expectedBytes} is known (not negative)
     * and the stream ended short of it or past it, nothing is stored and an IOException says so.
     */
    public StoredArchive store(String objectPath, InputStream in, long expectedBytes) throws IOException {
        ResourceId target = FileSystems.matchNewResource(uriOf(objectPath), false);
        ResourceId temporary = FileSystems.matchNewResource(uriOf(objectPath) + ".tmp-" + UUID.randomUUID(), false);
        MessageDigest sha256 = sha256();
        long bytes;
        try {
            try (WritableByteChannel channel = opener.create(temporary)) {
                bytes = new OverlappedCopy(BUFFERS, BUFFER_SIZE, READER_STOP_WAIT).copy(in,
                        (buffer, length) -> sha256.update(buffer, 0, length),
                        (buffer, length) -> writeFully(channel, ByteBuffer.wrap(buffer, 0, length)),
                        "archive-reader " + objectPath);
            }
            if (expectedBytes >= 0 && bytes != expectedBytes) {
                throw new IOException("archive truncated: got " + bytes + " of " + expectedBytes + " bytes");
            }
            FileSystems.rename(List.of(temporary), List.of(target));
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(temporary, e);
            throw e;
        }
        return new StoredArchive(target.toString(), bytes, HexFormat.of().formatHex(sha256.digest()));
    }

    /** Writes a small text object (a dead letter) in one piece. */
    public String write(String objectPath, byte[] content) throws IOException {
        ResourceId target = FileSystems.matchNewResource(uriOf(objectPath), false);
        try (WritableByteChannel channel = FileSystems.create(target, MimeTypes.TEXT)) {
            writeFully(channel, ByteBuffer.wrap(content));
        }
        return target.toString();
    }

    /** A local directory gets a FileChannel (parents created, as Beam does); anything else Beam's channel. */
    private static WritableByteChannel openChannel(ResourceId resource) throws IOException {
        if (!"file".equals(resource.getScheme())) {
            return FileSystems.create(resource, MimeTypes.BINARY);
        }
        Path path = Path.of(resource.toString());
        Files.createDirectories(path.getParent());
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    private static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) { // a channel may take part of a buffer per call
            channel.write(buffer);
        }
    }

    private static void deleteQuietly(ResourceId temporary, Throwable cause) {
        try {
            FileSystems.delete(List.of(temporary), StandardMoveOptions.IGNORE_MISSING_FILES);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
