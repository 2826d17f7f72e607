package dev.gma.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared fixtures under the repository's {@code testdata/} folder, for every module's tests. */
public final class Testdata {

    private Testdata() {}

    /** The testdata folder, found by walking up from the module's working directory. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("testdata");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no testdata/ folder above " + Path.of("").toAbsolutePath());
    }

    public static Path file(String name) {
        return root().resolve(name);
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The webhook payload files ({@code <event>.<action>.json}) at the top of testdata/. */
    public static List<Path> webhookPayloads() {
        try (Stream<Path> files = Files.list(root())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().equals("issues.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The X-GitHub-Event of a payload file: its name up to the first dot. */
    public static String eventOf(Path payload) {
        String name = payload.getFileName().toString();
        return name.substring(0, name.indexOf('.'));
    }
}
