package dev.gma.analytics;

import dev.gma.schema.TableSchema;
import dev.gma.store.sqlite.FixtureRows;
import dev.gma.testing.Testdata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of the system's tables built from {@code testdata/analytics/}: each value is a String, a Long
 * or null, keyed by the column names of the table's schema file (timestamps as ISO-8601 UTC text).
 *
 * <p>{@code events.json} lists deliveries: {@code delivery_id}, {@code received}, {@code event} and the
 * body as {@code payload_file} (a fixture at the top of testdata/), {@code payload} (an inline JSON
 * object), {@code payload_text} (raw text, e.g. broken JSON) or {@code payload_uri} (an oversized
 * payload stored elsewhere). The rows themselves come from core's {@link FixtureRows}, which the
 * dashboard's demo data uses too.
 */
final class TableRows {

    private TableRows() {}

    static Map<String, List<Map<String, Object>>> all() {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        for (String table : TableSchema.TABLES) {
            tables.put(table, new ArrayList<>());
        }
        tables.put("events", events());
        tables.put("leech_status", plain("leech_status", Repo.analyticsTestdata().resolve("leech_status.json")));
        return tables;
    }

    static List<Map<String, Object>> events() {
        return events(Repo.analyticsTestdata().resolve("events.json"));
    }

    /** Rows of events from a file in the format of events.json (payload files at the top of testdata/). */
    static List<Map<String, Object>> events(Path file) {
        return FixtureRows.events(file, Testdata.root());
    }

    private static List<Map<String, Object>> plain(String table, Path file) {
        return FixtureRows.plain(table, file);
    }
}
