package dev.gma.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The analytics refresh script of the Terraform module, rendered the way {@code analytics.tf} renders it:
 * the steps of {@code terraform/analytics/refresh/steps.txt} in order, each a file of statements with the
 * module's template variables, {@code ${update_all_columns}} and {@code ${update_state_columns}} filled
 * from the step table's schema file and the columns {@code tables.json} says are refreshed separately.
 */
final class RefreshScript {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One statement of a step, rendered for the local catalog (dataset references unqualified). */
    record Statement(String step, String sql) {}

    /** A script variable of refresh/variables.sql: its BigQuery type and DEFAULT expression (null: NULL). */
    record Variable(String name, String type, String defaultSql) {}

    private static final java.util.regex.Pattern DECLARE =
            java.util.regex.Pattern.compile("(?s)DECLARE (\\w+) (\\w+)(?: DEFAULT (.+))?");

    private RefreshScript() {}

    static Path dir() {
        return Repo.terraform().resolve("analytics");
    }

    /** Derived tables in the order tables.json lists them, with their settings. */
    static Map<String, JsonNode> tables() {
        try {
            JsonNode root = JSON.readTree(dir().resolve("tables.json").toFile());
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path schemaFile(String table) {
        return dir().resolve("schemas").resolve(table + ".json");
    }

    /** Column names of a derived table's schema file, in order. */
    static List<String> columns(String table) {
        try {
            List<String> names = new ArrayList<>();
            for (JsonNode c : JSON.readTree(schemaFile(table).toFile())) {
                names.add(c.path("name").asText());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("no schema file for derived table " + table, e);
        }
    }

    /** The variables the refresh script declares after window_start, in order. */
    static Map<String, Variable> variables() {
        Map<String, Variable> out = new LinkedHashMap<>();
        for (String statement : split(ViewSql.forLocalCatalog(Repo.read(dir().resolve("refresh/variables.sql"))))) {
            java.util.regex.Matcher m = DECLARE.matcher(statement);
            if (!m.matches()) {
                throw new IllegalArgumentException("variables.sql holds only DECLARE statements: " + statement);
            }
            out.put(m.group(1), new Variable(m.group(1), m.group(2), m.group(3)));
        }
        return out;
    }

    /** The lines of steps.txt that name steps (comments and blank lines left out). */
    static List<String> stepLines() {
        return Repo.read(dir().resolve("refresh/steps.txt")).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** The raw text of a step file, template placeholders unrendered. */
    static String stepFile(String step) {
        return Repo.read(dir().resolve("refresh/" + step + ".sql"));
    }

    /** Every statement of the refresh script, in order, rendered for the local catalog. */
    static List<Statement> statements() {
        Map<String, JsonNode> tables = tables();
        List<Statement> out = new ArrayList<>();
        for (String line : stepLines()) {
            String[] parts = line.split("\\s+");
            String step = parts[0];
            String sql = stepFile(step).replace("${snapshot}", parts.length > 1 ? parts[1] : "");
            if (tables.containsKey(step)) {
                sql = sql.replace("${update_all_columns}", assignments(columns(step), List.of()))
                        .replace("${update_state_columns}", assignments(columns(step), separately(tables.get(step))));
            }
            for (String statement : split(ViewSql.forLocalCatalog(sql))) {
                out.add(new Statement(step, statement));
            }
        }
        return out;
    }

    private static List<String> separately(JsonNode table) {
        List<String> names = new ArrayList<>();
        table.path("refreshed_separately").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** {@code c = s.c} for every column but the key columns' equal values and the ones left out. */
    static String assignments(List<String> columns, List<String> leftOut) {
        return columns.stream().filter(c -> !leftOut.contains(c))
                .map(c -> c + " = s." + c).collect(Collectors.joining(", "));
    }

    /** Statements end with a semicolon at the end of a line; comment lines are dropped. */
    static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                String s = current.toString().strip();
                statements.add(s.substring(0, s.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("statement without a closing semicolon: " + current);
        }
        return statements;
    }
}
