package dev.gma.analytics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The external tools the Terraform tests run (node, npm, terraform), each bounded in time. */
final class Commands {

    private Commands() {}

    /** Whether the command runs and exits 0 within 30 s. */
    static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Its standard output; an assertion error with its standard error when it fails or times out. */
    static String run(Path dir, int timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out in " + dir);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed in " + dir + ": " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
