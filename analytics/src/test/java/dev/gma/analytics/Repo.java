package dev.gma.analytics;

import dev.gma.testing.Testdata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository the analytics tests read: schemas, views, the Terraform module, fixtures. */
final class Repo {

    private Repo() {}

    static Path root() {
        return Testdata.root().getParent();
    }

    static Path terraform() {
        return root().resolve("terraform");
    }

    static Path schemas() {
        return terraform().resolve("schemas");
    }

    static Path bigQueryViews() {
        return terraform().resolve("views");
    }

    static Path sqliteViews() {
        return root().resolve("core/src/main/resources/sqlite/views");
    }

    static Path analyticsTestdata() {
        return Testdata.root().resolve("analytics");
    }

    static Path golden() {
        return analyticsTestdata().resolve("expected");
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
