package dev.gma.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool some tests need (the Pub/Sub emulator's {@code gcloud}, {@code node} for
 * the HCL parser). Where it is missing those tests are skipped, each by name, with a message
 * saying why; with {@code GMA_REQUIRE_EMULATOR=true} (set by {@code .ci/run} wherever gcloud is
 * installed) a missing tool fails the build instead, naming the tool.
 *
 * <p>Use: {@link #present()} in {@code @BeforeAll} to decide whether to start anything, then
 * {@link #assumePresent()} in {@code @BeforeEach}, so each test reports its own skip.
 */
public final class RequiredTool {

    /** The environment variable that turns a missing tool from a skip into a failure. */
    public static final String REQUIRE_VARIABLE = "GMA_REQUIRE_EMULATOR";

    public static final RequiredTool GCLOUD = new RequiredTool("gcloud",
            "the Pub/Sub emulator (Google Cloud CLI: gcloud beta emulators pubsub)");
    public static final RequiredTool NODE = new RequiredTool("node",
            "Node.js (the Terraform module's HCL is parsed by @cdktf/hcl2json)");

    private final String command;
    private final String purpose;
    private final Map<String, String> env;

    public RequiredTool(String command, String purpose) {
        this(command, purpose, System.getenv());
    }

    /** With an explicit environment (PATH and GMA_REQUIRE_EMULATOR), for tests of this class. */
    public RequiredTool(String command, String purpose, Map<String, String> env) {
        this.command = command;
        this.purpose = purpose;
        this.env = env;
    }

    public String command() {
        return command;
    }

    /** Whether the tool is an executable on PATH. */
    public boolean onPath() {
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Whether missing tools must fail the build ({@code GMA_REQUIRE_EMULATOR=true}). */
    public boolean required() {
        return "true".equalsIgnoreCase(env.getOrDefault(REQUIRE_VARIABLE, "").strip());
    }

    /**
     * Whether the tool is there; when it is missing but required, throws an {@link AssertionError}
     * naming it (a failure, not a skip).
     */
    public boolean present() {
        if (onPath()) {
            return true;
        }
        if (required()) {
            throw new AssertionError(REQUIRE_VARIABLE + "=true but '" + command + "' is not on PATH: "
                    + purpose + " is required for these tests. Install it, or unset " + REQUIRE_VARIABLE
                    + " to skip them.");
        }
        return false;
    }

    /** Fails when the tool is required and missing; otherwise does nothing (the caller decides how to skip). */
    public void require() {
        present();
    }

    /** Skips the calling test (an assumption failure, reported as skipped with this reason) when the tool is missing. */
    public void assumePresent() {
        Assumptions.assumeTrue(present(), () -> "'" + command + "' is not on PATH (" + purpose
                + "): skipped; set " + REQUIRE_VARIABLE + "=true to make this a failure");
    }
}
