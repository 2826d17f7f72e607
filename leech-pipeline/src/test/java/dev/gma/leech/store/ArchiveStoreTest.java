package dev.gma.leech.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private java.util.List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(bucket)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
