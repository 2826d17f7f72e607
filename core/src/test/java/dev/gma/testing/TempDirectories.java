package dev.gma.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh temporary directory where JUnit's {@code @TempDir} cannot reach: a Micronaut test's
 * {@code TestPropertyProvider} names its data directory before any field is injected.
 */
public final class TempDirectories {

    private TempDirectories() {}

    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory " + prefix, e);
        }
    }
}
