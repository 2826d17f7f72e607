package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gma.testing.RequiredTool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the structural tests of the Terraform module share: the parsed files (one parse per test JVM,
 * {@link TerraformFiles}), the skip without node, and the look-ups of blocks in them.
 */
abstract class TerraformModuleFixture {

    /** Parsed files by path relative to terraform/ (e.g. "run.tf", "examples/basic/main.tf"). */
    static Map<String, JsonNode> parsed;
    static Map<String, String> text;

    @BeforeAll
    static void parseEveryTfFile() throws Exception {
        TerraformFiles files = TerraformFiles.load(); // null without node: every test reports its skip
        if (files != null) {
            parsed = files.parsed();
            text = files.text();
        }
    }

    @BeforeEach
    void skipWithoutNode() {
        RequiredTool.NODE.assumePresent(); // reported per test, by name
        assumeThat(parsed).as("node could not parse the module").isNotNull();
    }

    /** The module's own files (not the examples'). */
    static List<String> moduleFiles() {
        return parsed.keySet().stream().filter(f -> !f.contains("/")).toList();
    }

    /** Blocks of a kind ("variable", "output", "locals", …) by name, in the module ("") or under a folder. */
    static Map<String, JsonNode> blocks(String scope, String kind) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        parsed.forEach((file, doc) -> {
            boolean inScope = scope.isEmpty() ? !file.contains("/") : file.startsWith(scope) && !file.substring(scope.length()).contains("/");
            if (inScope) {
                doc.path(kind).fields().forEachRemaining(e -> out.put(e.getKey(), first(e.getValue())));
            }
        });
        return out;
    }

    /** {@code kind} is "resource" or "data". */
    static JsonNode resource(String kind, String type, String name) {
        for (String file : moduleFiles()) {
            JsonNode r = parsed.get(file).path(kind).path(type).path(name);
            if (!r.isMissingNode()) {
                return first(r);
            }
        }
        throw new AssertionError("no " + kind + " " + type + "." + name + " in the module");
    }

    static JsonNode resource(String type, String name) {
        return resource("resource", type, name);
    }

    static JsonNode localsOf(String file) {
        return first(parsed.get(file).path("locals"));
    }

    /** A Cloud Run service's environment by variable name; every entry has a value or a secret. */
    static Map<String, JsonNode> envOf(String service) {
        JsonNode container = first(first(resource("google_cloud_run_v2_service", service).path("template")).path("containers"));
        Map<String, JsonNode> env = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            assertThat(e.has("value") || e.has("value_source")).as("env %s has a value", e.path("name").asText()).isTrue();
            env.put(e.path("name").asText(), e);
        }
        return env;
    }

    static JsonNode first(JsonNode n) {
        return n.isArray() ? n.path(0) : n;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
