package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every resource and data source of the Terraform module and its examples, checked offline against
 * the Google provider's schema at the lowest version the module's constraint allows and at the
 * newest 6.x: each argument and block must exist, single blocks appear once, required ones are
 * there. The schemas are extracts of the JSII assemblies of {@code @cdktf/provider-google}
 * (terraform/test/provider-schema/README.md); the check is terraform/test/provider-schema.mjs.
 * Where a {@code terraform} binary is installed, the formatting is checked with {@code terraform fmt}.
 */
class TerraformSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void hclParserInstalled() throws Exception {
        dev.gma.testing.RequiredTool.NODE.require();
        assumeThat(Commands.works("node", "--version"))
                .as("node is not installed: the Terraform schema check needs node and npm to parse HCL offline")
                .isTrue();
        Path tools = Repo.terraform().resolve("test");
        if (!Files.isDirectory(tools.resolve("node_modules/@cdktf/hcl2json"))) {
            Commands.run(tools, 300, "npm", "ci", "--no-audit", "--no-fund");
        }
    }

    @Test
    void theModuleAndItsExamplesMatchTheProviderSchemaAtTheLowestAndNewestVersion() throws Exception {
        TreeMap<String, Path> schemas = schemas();
        String lowest = lowestAllowed(Files.readString(Repo.terraform().resolve("versions.tf")));
        assertThat(schemas).as("a schema of the lowest provider version versions.tf allows").containsKey(lowest);
        assertThat(schemas.keySet()).as("and of a newer one of the same major version")
                .anyMatch(v -> v.split("\\.")[0].equals(lowest.split("\\.")[0]) && compare(v, lowest) > 0);
        for (String example : List.of("examples/basic/main.tf", "examples/existing-project/main.tf")) {
            assertThat(lowestAllowed(Files.readString(Repo.terraform().resolve(example))))
                    .as("the provider constraint of %s", example).isEqualTo(lowest);
        }
        for (var e : schemas.entrySet()) {
            JsonNode result = check(Repo.terraform(), e.getValue(), ".");
            assertThat(result.path("provider").asText()).as("provider of %s", e.getValue().getFileName()).isEqualTo(e.getKey());
            assertThat(result.path("checked").asInt()).as("resources checked against %s", e.getKey()).isGreaterThan(50);
            List<String> errors = new ArrayList<>();
            result.path("errors").forEach(n -> errors.add(n.asText()));
            assertThat(errors).as("the module against google provider %s", e.getKey()).isEmpty();
        }
    }

    @Test
    void theCheckFindsWhatTheProviderWouldRefuse(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("x.tf"), """
                resource "google_compute_backend_service" "a" {
                  name  = "x"
                  bogus = 1
                  backend {
                    group = "g"
                    nope  = 2
                  }
                  log_config = { enable = true }
                }
                resource "google_compute_url_map" "b" {
                  project = "p"
                }
                resource "google_storage_bucket" "c" {
                  name     = "b"
                  location = "US"
                  dynamic "lifecycle_rule" {
                    for_each = [1]
                    content {
                      condition {
                        age = 1
                      }
                      action {
                        type = "Delete"
                      }
                      wrong = 1
                    }
                  }
                  versioning {
                    enabled = true
                  }
                  versioning {
                    enabled = false
                  }
                }
                resource "google_no_such_thing" "d" {}
                data "google_project" "e" {
                  project_id = "x"
                  colour     = "blue"
                }
                """);
        for (Path schema : schemas().values()) {
            JsonNode result = check(dir, schema.toAbsolutePath(), ".");
            List<String> errors = new ArrayList<>();
            result.path("errors").forEach(n -> errors.add(n.asText()));
            assertThat(errors).as("errors against %s", schema.getFileName()).containsExactlyInAnyOrder(
                    "x.tf: google_compute_backend_service.a: \"bogus\" is neither an argument nor a block",
                    "x.tf: google_compute_backend_service.a.backend: \"nope\" is neither an argument nor a block",
                    "x.tf: google_compute_backend_service.a: \"log_config\" is a block, written as an argument",
                    "x.tf: google_compute_url_map.b: required argument \"name\" is missing",
                    "x.tf: google_storage_bucket.c.lifecycle_rule: \"wrong\" is neither an argument nor a block",
                    "x.tf: google_storage_bucket.c: at most one \"versioning\" block",
                    "x.tf: google_no_such_thing.d: no such resource type in provider " + result.path("provider").asText(),
                    "x.tf: data.google_project.e: \"colour\" is neither an argument nor a block");
        }
    }

    @Test
    void everyTfFileIsFormattedWhereTerraformIsInstalled() throws Exception {
        assumeThat(Commands.works("terraform", "version")).as("terraform is not installed: formatting not checked").isTrue();
        Process p = new ProcessBuilder("terraform", "fmt", "-check", "-recursive", "-list=true", ".")
                .directory(Repo.terraform().toFile()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out.lines().filter(l -> !l.isBlank()).toList()).as("files terraform fmt would change").isEmpty();
    }

    // --- helpers ------------------------------------------------------------------------------

    /** Schema files by provider version. */
    private static TreeMap<String, Path> schemas() throws IOException {
        TreeMap<String, Path> out = new TreeMap<>(TerraformSchemaTest::compare);
        try (Stream<Path> files = Files.list(Repo.terraform().resolve("test/provider-schema"))) {
            files.forEach(f -> {
                Matcher m = Pattern.compile("google-(\\d+\\.\\d+\\.\\d+)\\.json").matcher(f.getFileName().toString());
                if (m.matches()) {
                    out.put(m.group(1), f);
                }
            });
        }
        assertThat(out).as("provider schemas in terraform/test/provider-schema").isNotEmpty();
        return out;
    }

    /** The lowest version a {@code version = "~> X.Y"} constraint of the google provider allows: X.Y.0. */
    static String lowestAllowed(String hcl) {
        Matcher m = Pattern.compile("source\\s*=\\s*\"hashicorp/google\"\\s*\\n\\s*version\\s*=\\s*\"~>\\s*(\\d+)\\.(\\d+)(?:\\.(\\d+))?\"").matcher(hcl);
        assertThat(m.find()).as("a ~> constraint on hashicorp/google").isTrue();
        return m.group(1) + "." + m.group(2) + "." + (m.group(3) == null ? "0" : m.group(3));
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static JsonNode check(Path dir, Path schema, String target) throws Exception {
        Path script = Repo.terraform().resolve("test/provider-schema.mjs").toAbsolutePath();
        return JSON.readTree(Commands.run(dir, 300, "node", "--max-old-space-size=2048", script.toString(), "check",
                schema.toAbsolutePath().toString(), target));
    }
}
