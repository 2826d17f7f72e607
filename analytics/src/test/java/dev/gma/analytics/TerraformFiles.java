package dev.gma.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.testing.RequiredTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The module's .tf files parsed offline by HashiCorp's parser (@cdktf/hcl2json under node, installed
 * with npm ci in terraform/test), once per test JVM for every Terraform test class.
 *
 * @param parsed by path relative to terraform/ (e.g. "run.tf", "examples/basic/main.tf")
 * @param text   the same files as text
 */
record TerraformFiles(Map<String, JsonNode> parsed, Map<String, String> text) {

    private static TerraformFiles cached;

    /**
     * The parsed module, or null without node (each test then reports its skip; with
     * GMA_REQUIRE_EMULATOR=true a missing node fails instead).
     */
    static synchronized TerraformFiles load() throws Exception {
        if (cached != null) {
            return cached;
        }
        if (!RequiredTool.NODE.present() || !Commands.works("node", "--version")) {
            return null;
        }
        Path tools = Repo.terraform().resolve("test");
        if (!Files.isDirectory(tools.resolve("node_modules/@cdktf/hcl2json"))) {
            Commands.run(tools, 300, "npm", "ci", "--no-audit", "--no-fund");
        }
        JsonNode all = new ObjectMapper().readTree(Commands.run(Repo.terraform(), 120, "node", "test/hcl2json.mjs", "."));
        Map<String, JsonNode> parsed = new LinkedHashMap<>();
        Map<String, String> text = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parsed.put(e.getKey(), e.getValue());
            text.put(e.getKey(), Files.readString(Repo.terraform().resolve(e.getKey())));
        }
        cached = new TerraformFiles(parsed, text);
        return cached;
    }
}
