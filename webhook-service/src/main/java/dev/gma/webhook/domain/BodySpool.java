package dev.gma.webhook.domain;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads a request body once: feeds every chunk to the signature hasher, keeps up to
 * {@code memoryLimit} bytes in memory and spills the rest to a temporary file, and stops with
 * {@link TooLargeException} as soon as the body passes {@code maxBytes}. Closing deletes the
 * temporary file, if any is left.
 */
public final class BodySpool implements Payload, AutoCloseable {

    /** The body passed the limit; nothing past the limit was read. */
    public static final class TooLargeException extends IOException {
        public TooLargeException(long limit) {
            super("request body exceeds the limit of " + limit + " bytes");
        }
    }

    private static final int CHUNK = 64 * 1024;

    /** Read in place, never copied to be parsed: a 1 MB body used to be copied twice more. */
    private static final class Memory extends ByteArrayOutputStream {
        Memory(int capacity) {
            super(capacity);
        }

        /** {@code bytes} itself as the content, not a copy. */
        Memory(byte[] bytes) {
            super(0);
            buf = bytes;
            count = bytes.length;
        }

        InputStream reader() {
            return new ByteArrayInputStream(buf, 0, count);
        }

        /** The buffer itself when the body filled it exactly (sized from Content-Length), else a copy. */
        byte[] exact() {
            return count == buf.length ? buf : toByteArray();
        }
    }

    private final Memory memory;
    private Path file;
    /** Whether {@link #file} is our temporary file (deleted on close) or was moved to its home. */
    private boolean ownsFile;
    private OutputStream fileOut;
    private long size;

    private BodySpool(int initialCapacity) {
        memory = new Memory(initialCapacity);
    }

    private BodySpool(Memory memory) {
        this.memory = memory;
    }

    public static BodySpool read(InputStream in, long maxBytes, SignatureVerifier.Hasher hasher, int memoryLimit,
                                 Path spillDir) throws IOException {
        return read(in, null, maxBytes, hasher, memoryLimit, spillDir);
    }

    /**
     * @param contentLength the declared size, when there is one: the memory buffer is sized for it
     *                      up front (up to {@code memoryLimit}) instead of growing by copies
     */
    public static BodySpool read(InputStream in, Long contentLength, long maxBytes, SignatureVerifier.Hasher hasher,
                                 int memoryLimit, Path spillDir) throws IOException {
        int capacity = contentLength == null ? CHUNK : (int) Math.max(32, Math.min(contentLength, memoryLimit));
        BodySpool spool = new BodySpool(capacity);
        try {
            spool.fill(in, maxBytes, hasher, memoryLimit, spillDir);
            return spool;
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
    }

    /**
     * A payload already in memory (a buffered request body, form bodies, reports, tests): the array
     * itself, not a copy, so it must not be written afterwards.
     */
    public static BodySpool of(byte[] bytes) {
        BodySpool spool = new BodySpool(new Memory(bytes));
        spool.size = bytes.length;
        return spool;
    }

    private void fill(InputStream in, long maxBytes, SignatureVerifier.Hasher hasher, int memoryLimit, Path spillDir)
            throws IOException {
        byte[] chunk = new byte[CHUNK];
        int n;
        while ((n = in.read(chunk)) != -1) {
            size += n;
            if (size > maxBytes) {
                throw new TooLargeException(maxBytes);
            }
            hasher.update(chunk, 0, n);
            sink(memoryLimit, spillDir).write(chunk, 0, n);
        }
        if (fileOut != null) {
            fileOut.close();
            fileOut = null;
        }
    }

    private OutputStream sink(int memoryLimit, Path spillDir) throws IOException {
        if (fileOut == null && size > memoryLimit) {
            Files.createDirectories(spillDir);
            file = Files.createTempFile(spillDir, "body-", ".json");
            ownsFile = true;
            fileOut = Files.newOutputStream(file);
            memory.writeTo(fileOut);
            memory.reset();
        }
        return fileOut != null ? fileOut : memory;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() throws IOException {
        return file == null ? memory.reader() : Files.newInputStream(file);
    }

    @Override
    public byte[] bytes() throws IOException {
        return file == null ? memory.exact() : Files.readAllBytes(file);
    }

    /**
     * Puts the bytes at {@code target}: a rename for a spilled body, a write for one in memory.
     * The payload stays readable, so a later dead letter can store it again.
     */
    @Override
    public void moveTo(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (file != null && ownsFile) {
            force(file);
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            file = target;
            ownsFile = false;
        } else if (file == null || !file.equals(target)) {
            Path temp = Files.createTempFile(dir, ".payload-", ".tmp");
            try (InputStream in = open()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            force(temp);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
            return;
        }
        force(dir);
    }

    /**
     * fsync: the row that names the file is committed with synchronous=FULL right after, so the
     * file's bytes and its name in the directory must be on disk first for a 201 to mean durable.
     */
    private static void force(Path path) throws IOException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path,
                java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        if (fileOut != null) {
            fileOut.close();
        }
        if (file != null && ownsFile) {
            Files.deleteIfExists(file);
        }
    }
}
