package dev.gma.leech.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveStoreTest {

    @TempDir Path bucket;

    @Test
    void storesUnderTheObjectPathWithSizeAndHash() throws Exception {
        StoredArchive stored = new ArchiveStore(bucket.toString())
                .store("o/r/1/1/logs.zip", new ByteArrayInputStream("abc".getBytes()), 3);
        assertThat(stored.uri()).isEqualTo(bucket.resolve("o/r/1/1/logs.zip").toString());
        assertThat(stored.bytes()).isEqualTo(3);
        assertThat(stored.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Files.readString(bucket.resolve("o/r/1/1/logs.zip"))).isEqualTo("abc");
    }

    @Test
    void aShortArchiveIsNotStoredAndLeavesNothingBehind() throws Exception {
        ArchiveStore store = new ArchiveStore(bucket.toString());
        assertThatThrownBy(() -> store.store("o/r/1/1/logs.zip", new ByteArrayInputStream(new byte[10]), 20))
                .isInstanceOf(IOException.class).hasMessageContaining("got 10 of 20 bytes");
        assertThat(files()).isEmpty();
    }

    @Test
    void aConnectionDroppedMidwayKeepsThePreviousCopyAndNoTemporaryFile() throws Exception {
        ArchiveStore store = new ArchiveStore(bucket.toString());
        store.store("o/r/1/1/logs.zip", new ByteArrayInputStream("old".getBytes()), -1);
        InputStream dropping = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 1000) {
                    return 'x';
                }
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> store.store("o/r/1/1/logs.zip", dropping, -1)).hasMessageContaining("reset");
        assertThat(files()).containsExactly(bucket.resolve("o/r/1/1/logs.zip"));
        assertThat(Files.readString(bucket.resolve("o/r/1/1/logs.zip"))).isEqualTo("old");
    }

    @Test
    void anArchiveOfManyBuffersIsStoredWholeWithItsSha256() throws Exception {
        byte[] archive = new byte[5 * 1024 * 1024 + 17]; // more buffers than the copy has, and a short last one
        new Random(11).nextBytes(archive);

        StoredArchive stored = new ArchiveStore(bucket.toString())
                .store("o/r/2/1/logs.zip", new ByteArrayInputStream(archive), archive.length);

        assertThat(stored.bytes()).isEqualTo(archive.length);
        assertThat(stored.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)));
        assertThat(Files.readAllBytes(bucket.resolve("o/r/2/1/logs.zip"))).isEqualTo(archive);
    }

    @Test
    void aWriteFailingMidwayKeepsThePreviousCopyLeavesNoTemporaryAndStopsTheDownload() throws Exception {
        ArchiveStore healthy = new ArchiveStore(bucket.toString());
        healthy.store("o/r/1/1/logs.zip", new ByteArrayInputStream("old".getBytes()), -1);
        ArchiveStore diskFillsUp = new ArchiveStore(bucket.toString(), resource -> failingAfter(
                FileChannel.open(Path.of(resource.toString()), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                2 * 1024 * 1024));
        AtomicLong served = new AtomicLong();
        InputStream endless = new InputStream() { // a download that would never end by itself
            @Override
            public int read() {
                served.incrementAndGet();
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                served.addAndGet(len);
                return len;
            }
        };

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() ->
                diskFillsUp.store("o/r/1/1/logs.zip", endless, -1))
                .isInstanceOf(IOException.class).hasMessage("No space left on device"));

        assertThat(files()).containsExactly(bucket.resolve("o/r/1/1/logs.zip"));
        assertThat(Files.readString(bucket.resolve("o/r/1/1/logs.zip"))).isEqualTo("old");
        long stoppedAt = served.get();
        assertThat(stoppedAt).as("the download stopped within the buffers in flight").isLessThan(16L * 1024 * 1024);
        Thread.sleep(100);
        assertThat(served.get()).as("nothing reads after store returned").isEqualTo(stoppedAt);
    }

    /** A channel that takes {@code limit} bytes, then fails as a full disk does. */
    private static WritableByteChannel failingAfter(FileChannel channel, long limit) {
        return new WritableByteChannel() {
            private long written;

            @Override
            public int write(ByteBuffer src) throws IOException {
                if (written + src.remaining() > limit) {
                    throw new IOException("No space left on device");
                }
                int n = channel.write(src);
                written += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    private java.util.List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(bucket)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
