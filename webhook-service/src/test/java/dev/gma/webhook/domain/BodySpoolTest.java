package dev.gma.webhook.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodySpoolTest {

    @TempDir Path dir;
    private final SignatureVerifier verifier = new SignatureVerifier(List.of("s"));

    @Test
    void aLargeBodyIsSpilledToDiskHashedOnTheWayAndMovedWithoutACopy() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(body);
        SignatureVerifier.Hasher hasher = verifier.newHasher();
        Path home = dir.resolve("payloads/d-1.json");
        try (BodySpool spool = BodySpool.read(new ByteArrayInputStream(body), body.length, hasher, 1024, dir.resolve("spool"))) {
            assertThat(hasher.matches(SignatureVerifier.sign("s", body))).isTrue();
            assertThat(spool.size()).isEqualTo(body.length);
            assertThat(Files.list(dir.resolve("spool"))).hasSize(1);
            spool.moveTo(home);
            assertThat(Files.list(dir.resolve("spool"))).isEmpty();
            try (InputStream in = spool.open()) {
                assertThat(in.readAllBytes()).as("still readable after the move").isEqualTo(body);
            }
        }
        assertThat(Files.readAllBytes(home)).isEqualTo(body);
    }

    @Test
    void stopsReadingAtTheLimitAndLeavesNoFileBehind() {
        byte[] body = new byte[5000];
        assertThatThrownBy(() -> BodySpool.read(new ByteArrayInputStream(body), 4096, verifier.newHasher(), 100, dir))
                .isInstanceOf(BodySpool.TooLargeException.class);
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void aSmallBodyStaysInMemory() throws Exception {
        try (BodySpool spool = BodySpool.read(new ByteArrayInputStream(new byte[10]), 100, verifier.newHasher(), 100, dir)) {
            assertThat(spool.bytes()).hasSize(10);
            assertThat(dir.toFile().list()).isEmpty();
        }
    }

    @Test
    void theBytesAreTheBodyWhetherItsSizeWasDeclaredRightWrongOrNotAtAll() throws Exception {
        byte[] body = new byte[70_000];
        new Random(3).nextBytes(body);
        for (Long declared : new Long[] {(long) body.length, null, 100L, body.length + 5_000L}) {
            try (BodySpool spool = BodySpool.read(new ByteArrayInputStream(body), declared, 1 << 20, verifier.newHasher(),
                    1 << 20, dir)) {
                assertThat(spool.bytes()).as("declared %s", declared).isEqualTo(body);
            }
        }
    }
}
