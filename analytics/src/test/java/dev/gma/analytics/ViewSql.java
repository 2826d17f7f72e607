package dev.gma.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The BigQuery view files of the Terraform module ({@code terraform/views/<name>.sql}), their
 * template placeholders and the order their dependencies impose.
 */
final class ViewSql {

    /** Base tables the views read; everything else a view references must be another view. */
    static final Set<String> TABLES = Set.of("events", "leech_status", "failure_events", "checkpoint", "redeliveries");

    /** Template variables of the view files and the module's default values (variables.tf must agree). */
    static final Map<String, String> DEFAULTS = Map.of(
            "production_environment_pattern", "(?i)^prod",
            "incident_label_pattern", "(?i)^incident$",
            "dora_horizon_days", "90");

    private static final Pattern REFERENCE = Pattern.compile("`\\$\\{project}\\.\\$\\{dataset}\\.(\\w+)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    private ViewSql() {}

    /** The views the Terraform module creates (terraform/views). */
    static Map<String, String> terraformViews() {
        return in(Repo.bigQueryViews());
    }

    private static Map<String, String> in(Path dir) {
        Map<String, String> views = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".sql")).forEach(f -> views.put(
                    f.getFileName().toString().replaceFirst("\\.sql$", ""), Repo.read(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return views;
    }

    /** The tables and views a view file references through {@code `${project}.${dataset}.name`}. */
    static Set<String> references(String sql) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(sql);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The template variables a view file uses. */
    static Set<String> placeholders(String sql) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(sql);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The SQL with the dataset references made unqualified and the parameters at their defaults. */
    static String forLocalCatalog(String sql) {
        String out = REFERENCE.matcher(sql).replaceAll("`$1`");
        for (Map.Entry<String, String> p : DEFAULTS.entrySet()) {
            out = out.replace("${" + p.getKey() + "}", p.getValue());
        }
        if (out.contains("${")) {
            throw new IllegalArgumentException("unknown placeholder left in view: " + placeholders(out));
        }
        return out;
    }

    /** View names in an order where each comes after every view it reads (dependency depth, then name). */
    static List<String> creationOrder(Map<String, String> views) {
        Map<String, Integer> depth = depths(views);
        List<String> order = new ArrayList<>(views.keySet());
        order.sort((a, b) -> depth.get(a).equals(depth.get(b)) ? a.compareTo(b) : depth.get(a) - depth.get(b));
        return order;
    }

    /** 0 for a view reading only tables; otherwise 1 + the deepest view it reads. */
    static Map<String, Integer> depths(Map<String, String> views) {
        Map<String, Integer> depth = new LinkedHashMap<>();
        for (String v : views.keySet()) {
            depthOf(v, views, depth, new LinkedHashSet<>());
        }
        return depth;
    }

    private static int depthOf(String view, Map<String, String> views, Map<String, Integer> memo, Set<String> visiting) {
        if (memo.containsKey(view)) {
            return memo.get(view);
        }
        if (!visiting.add(view)) {
            throw new IllegalStateException("views reference each other in a cycle: " + visiting);
        }
        int d = 0;
        for (String ref : references(views.get(view))) {
            if (TABLES.contains(ref)) {
                continue;
            }
            if (!views.containsKey(ref)) {
                throw new IllegalStateException("view " + view + " reads " + ref + ", which is neither a table nor a view file");
            }
            d = Math.max(d, 1 + depthOf(ref, views, memo, visiting));
        }
        visiting.remove(view);
        memo.put(view, d);
        return d;
    }
}
