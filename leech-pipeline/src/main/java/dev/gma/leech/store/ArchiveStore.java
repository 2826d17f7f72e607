package dev.gma.leech.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Streams archives into the bucket through Beam's {@link FileSystems}, so {@code gs://} and a
 * local directory are one code path. The bytes pass through a fixed buffer, counted and hashed
 * on the way: memory does not grow with the archive. Each archive is written under a temporary
 * name and renamed into place, so a reader never sees half an archive and a crash leaves only a
 * temporary object behind.
 */
public final class ArchiveStore implements Serializable {

    private static final int BUFFER = 64 * 1024;

    private final String root;

    /** @param root {@code gs://bucket} or an absolute directory */
    public ArchiveStore(String root) {
        this.root = root.replaceAll("/+$", "");
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
        long bytes = 0;
        try {
            try (WritableByteChannel channel = FileSystems.create(temporary, MimeTypes.BINARY);
                 OutputStream out = Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[BUFFER];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    sha256.update(buffer, 0, n);
                    bytes += n;
                }
            }
            if (expectedBytes >= 0 && bytes != expectedBytes) {
                throw new IOException("archive truncated: got " + bytes + " of " + expectedBytes + " bytes");
            }
            FileSystems.rename(List.of(temporary), List.of(target));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary, e);
            throw e;
        }
        return new StoredArchive(target.toString(), bytes, HexFormat.of().formatHex(sha256.digest()));
    }

    /** Writes a small text object (a dead letter) in one piece. */
    public String write(String objectPath, byte[] content) throws IOException {
        ResourceId target = FileSystems.matchNewResource(uriOf(objectPath), false);
        try (WritableByteChannel channel = FileSystems.create(target, MimeTypes.TEXT)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) { // a channel may take part of a buffer per call
                channel.write(buffer);
            }
        }
        return target.toString();
    }

    private static void deleteQuietly(ResourceId temporary, Exception cause) {
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
