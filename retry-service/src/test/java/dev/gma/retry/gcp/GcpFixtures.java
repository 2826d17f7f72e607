package dev.gma.retry.gcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Google API answers kept as files under src/test/resources/gcp. */
public final class GcpFixtures {

    private GcpFixtures() {}

    public static String read(String name) {
        try (InputStream in = GcpFixtures.class.getResourceAsStream("/gcp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture gcp/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
