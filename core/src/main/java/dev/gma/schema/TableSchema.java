package dev.gma.schema;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A table's columns, read from the BigQuery JSON schema file that Terraform also uses
 * ({@code terraform/schemas/<table>.json}, packaged on the classpath under {@code schemas/}).
 */
public record TableSchema(String table, List<Column> columns) {

    /** Every table of the system, in the order the local store creates them. */
    public static final List<String> TABLES =
            List.of("events", "failure_events", "checkpoint", "redeliveries", "leech_status");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Schema files are classpath resources and never change while running: read each once. */
    private static final Map<String, TableSchema> LOADED = new ConcurrentHashMap<>();

    public TableSchema {
        columns = List.copyOf(columns);
    }

    public static TableSchema load(String table) {
        return LOADED.computeIfAbsent(table, TableSchema::read);
    }

    private static TableSchema read(String table) {
        String resource = "/schemas/" + table + ".json";
        try (InputStream in = TableSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema file " + resource + " on the classpath");
            }
            return new TableSchema(table, JSON.readValue(in, new TypeReference<List<Column>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public boolean hasColumn(String name) {
        return columns.stream().anyMatch(c -> c.name().equals(name));
    }
}
