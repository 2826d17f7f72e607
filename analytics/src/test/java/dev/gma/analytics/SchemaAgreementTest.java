package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.schema.TableSchema;
import dev.gma.store.sqlite.SqliteDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One source of truth: terraform/schemas/*.json. The proto message, the schema files and the SQLite
 * DDL of the local store agree column by column; the Terraform module's copy of the proto is the proto.
 */
class SchemaAgreementTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROTO = Path.of("protos/src/main/proto/gma/v1/event.proto");
    private static final Set<String> TYPES = Set.of("STRING", "INTEGER", "TIMESTAMP", "BOOLEAN", "FLOAT", "NUMERIC", "JSON", "DATE");
    private static final Set<String> MODES = Set.of("REQUIRED", "NULLABLE");

    @TempDir Path dir;

    record ProtoField(String name, String type, boolean optional) {}

    static Stream<String> tables() {
        return TableSchema.TABLES.stream();
    }

    @Test
    void everyTableHasASchemaFileAndEverySchemaFileIsATable() throws IOException {
        try (Stream<Path> files = Files.list(Repo.schemas())) {
            assertThat(files.map(f -> f.getFileName().toString().replaceFirst("\\.json$", "")).sorted().toList())
                    .containsExactlyInAnyOrderElementsOf(TableSchema.TABLES);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void schemaFileIsWellFormed(String table) throws IOException {
        JsonNode fields = JSON.readTree(Repo.schemas().resolve(table + ".json").toFile());
        assertThat(fields.isArray()).isTrue();
        List<String> names = new ArrayList<>();
        for (JsonNode f : fields) {
            String name = f.path("name").asText();
            assertThat(name).as("column name in %s", table).matches("[a-z][a-z0-9_]*");
            assertThat(f.path("type").asText()).as("type of %s.%s", table, name).isIn(TYPES);
            assertThat(f.path("mode").asText()).as("mode of %s.%s", table, name).isIn(MODES);
            assertThat(f.path("description").asText()).as("description of %s.%s", table, name).isNotBlank();
            names.add(name);
        }
        assertThat(names).as("columns of %s", table).doesNotHaveDuplicates();
    }

    @Test
    void protoEventMatchesTheEventsSchemaColumnByColumn() {
        Map<String, ProtoField> proto = protoFields(Repo.read(Repo.root().resolve(PROTO)));
        TableSchema events = TableSchema.load("events");
        assertThat(new ArrayList<>(proto.keySet())).as("proto fields in order = events columns in order")
                .isEqualTo(events.columnNames());
        for (dev.gma.schema.Column c : events.columns()) {
            ProtoField f = proto.get(c.name());
            assertThat(bigQueryTypeOf(f)).as("BigQuery type of proto field %s", f.name()).isEqualTo(c.type());
            // a proto3 `optional` field may be absent from the JSON message: its column must be NULLABLE;
            // a REQUIRED column must be a field that is always present (no `optional`)
            if (f.optional()) {
                assertThat(c.required()).as("events.%s is optional in the proto, so NULLABLE", c.name()).isFalse();
            }
            if (c.required()) {
                assertThat(f.optional()).as("events.%s is REQUIRED, so not optional in the proto", c.name()).isFalse();
            }
        }
    }

    @Test
    void terraformModuleCarriesAByteForByteCopyOfTheProto() throws IOException {
        assertThat(Files.readAllBytes(Repo.terraform().resolve("event.proto")))
                .as("terraform/event.proto must equal %s (copy it over after changing the proto)", PROTO)
                .isEqualTo(Files.readAllBytes(Repo.root().resolve(PROTO)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void sqliteStoreHasTheColumnsAndNullabilityOfTheSchemaFile(String table) throws SQLException {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("gma.db"));
        TableSchema schema = TableSchema.load(table);
        Map<String, String> sqliteTypes = new LinkedHashMap<>();
        Map<String, Boolean> notNull = new LinkedHashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                sqliteTypes.put(rs.getString("name"), rs.getString("type"));
                notNull.put(rs.getString("name"), rs.getInt("notnull") == 1);
            }
        }
        assertThat(new ArrayList<>(sqliteTypes.keySet())).isEqualTo(schema.columnNames());
        for (dev.gma.schema.Column col : schema.columns()) {
            assertThat(sqliteTypes.get(col.name())).as("SQLite type of %s.%s", table, col.name())
                    .isEqualTo(switch (col.type()) {
                        case "INTEGER", "BOOLEAN" -> "INTEGER";
                        case "FLOAT", "NUMERIC" -> "REAL";
                        default -> "TEXT";
                    });
            assertThat(notNull.get(col.name())).as("NOT NULL of %s.%s", table, col.name()).isEqualTo(col.required());
        }
        assertThat(SqliteDatabase.ddl()).contains("CREATE TABLE IF NOT EXISTS " + table + " (");
    }

    static Map<String, ProtoField> protoFields(String proto) {
        Matcher message = Pattern.compile("message\\s+Event\\s*\\{(.*?)\\n}", Pattern.DOTALL).matcher(proto);
        assertThat(message.find()).as("message Event in the proto").isTrue();
        Map<String, ProtoField> fields = new LinkedHashMap<>();
        Matcher f = Pattern.compile("^\\s*(optional\\s+)?(\\w+)\\s+(\\w+)\\s*=\\s*\\d+\\s*;", Pattern.MULTILINE)
                .matcher(message.group(1).replaceAll("//[^\\n]*", ""));
        while (f.find()) {
            fields.put(f.group(3), new ProtoField(f.group(3), f.group(2), f.group(1) != null));
        }
        return fields;
    }

    /** How the BigQuery subscription writes a proto field (JSON-encoded; RFC 3339 strings land in TIMESTAMP). */
    static String bigQueryTypeOf(ProtoField f) {
        return switch (f.type()) {
            case "int64", "int32", "uint32", "uint64", "sint64", "fixed64" -> "INTEGER";
            case "bool" -> "BOOLEAN";
            case "double", "float" -> "FLOAT";
            case "string" -> f.name().equals("received") ? "TIMESTAMP" : "STRING";
            default -> "unsupported proto type " + f.type();
        };
    }
}
