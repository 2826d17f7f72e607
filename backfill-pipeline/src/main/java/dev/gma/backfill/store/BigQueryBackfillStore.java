package dev.gma.backfill.store;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TableResult;
import dev.gma.backfill.model.Checkpoint;
import dev.gma.backfill.model.EventRow;
import dev.gma.backfill.options.BackfillConfig.BigQueryTables;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GCP mode: a page's events are streamed into the {@code events} table (insert id = delivery id, so
 * BigQuery's best-effort dedupe drops a page repeated within a minute; readers dedupe by delivery id
 * anyway), then a checkpoint row is appended to {@code backfill_checkpoint} (created if missing); the
 * newest row per repository and since is the checkpoint. Events first, checkpoint second: a launch
 * stopped between the two repeats the page, it never skips it.
 */
public final class BigQueryBackfillStore implements BackfillStore {

    private static final Schema CHECKPOINT_SCHEMA = Schema.of(
            Field.newBuilder("repository_full_name", StandardSQLTypeName.STRING).setMode(Field.Mode.REQUIRED).build(),
            Field.newBuilder("since", StandardSQLTypeName.STRING).setMode(Field.Mode.REQUIRED).build(),
            Field.newBuilder("phase", StandardSQLTypeName.STRING).setMode(Field.Mode.REQUIRED).build(),
            Field.of("next_url", StandardSQLTypeName.STRING),
            Field.newBuilder("events", StandardSQLTypeName.INT64).setMode(Field.Mode.REQUIRED).build(),
            Field.newBuilder("updated_at", StandardSQLTypeName.TIMESTAMP).setMode(Field.Mode.REQUIRED).build());

    private final BigQuery bigQuery;
    private final BigQueryTables tables;

    public BigQueryBackfillStore(BigQuery bigQuery, BigQueryTables tables) {
        this.bigQuery = bigQuery;
        this.tables = tables;
        TableId checkpoints = TableId.of(tables.project(), tables.dataset(), "backfill_checkpoint");
        if (bigQuery.getTable(checkpoints) == null) {
            bigQuery.create(TableInfo.of(checkpoints, StandardTableDefinition.of(CHECKPOINT_SCHEMA)));
        }
    }

    public static Factory factory(BigQueryTables tables) {
        return () -> new BigQueryBackfillStore(BigQueryOptions.newBuilder().setProjectId(tables.project()).build()
                .getService(), tables);
    }

    /** Tests: the real client against a BigQuery fake at {@code host}, without credentials. */
    static BigQueryBackfillStore at(String host, BigQueryTables tables) {
        return new BigQueryBackfillStore(BigQueryOptions.newBuilder().setProjectId(tables.project()).setHost(host)
                .setCredentials(com.google.cloud.NoCredentials.getInstance()).build().getService(), tables);
    }

    @Override
    public Optional<Checkpoint> checkpoint(String repository, String since) throws InterruptedException {
        QueryJobConfiguration query = QueryJobConfiguration.newBuilder("SELECT phase, next_url, events FROM `"
                        + tables.checkpointTable() + "` WHERE repository_full_name = @repository AND since = @since "
                        + "ORDER BY updated_at DESC, events DESC LIMIT 1")
                .addNamedParameter("repository", QueryParameterValue.string(repository))
                .addNamedParameter("since", QueryParameterValue.string(since))
                .setUseLegacySql(false)
                .build();
        TableResult result = bigQuery.query(query);
        for (FieldValueList row : result.iterateAll()) {
            return Optional.of(new Checkpoint(repository, since, Checkpoint.Phase.valueOf(row.get("phase").getStringValue()),
                    row.get("next_url").isNull() ? null : row.get("next_url").getStringValue(),
                    row.get("events").getLongValue()));
        }
        return Optional.empty();
    }

    @Override
    public void writePage(List<EventRow> events, Checkpoint next) {
        Instant received = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (!events.isEmpty()) {
            InsertAllRequest.Builder rows = InsertAllRequest.newBuilder(TableId.of(tables.project(), tables.dataset(),
                    tables.events()));
            for (EventRow event : events) {
                Map<String, Object> row = new LinkedHashMap<>(event.toRow(received));
                row.put("received", received.toString());
                rows.addRow(event.deliveryId(), row);
            }
            check(bigQuery.insertAll(rows.build()), "events");
        }
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("repository_full_name", next.repository());
        checkpoint.put("since", next.since());
        checkpoint.put("phase", next.phase().name());
        checkpoint.put("next_url", next.nextUrl());
        checkpoint.put("events", next.events());
        checkpoint.put("updated_at", received.toString());
        check(bigQuery.insertAll(InsertAllRequest.newBuilder(TableId.of(tables.project(), tables.dataset(),
                "backfill_checkpoint")).addRow(checkpoint).build()), "backfill_checkpoint");
    }

    private static void check(InsertAllResponse response, String table) {
        if (response.hasErrors()) {
            List<String> errors = new ArrayList<>();
            for (List<BigQueryError> rowErrors : response.getInsertErrors().values()) {
                rowErrors.forEach(e -> errors.add(e.getMessage()));
            }
            throw new IllegalStateException("streaming into " + table + " failed: " + errors);
        }
    }

    @Override
    public void close() {
        // the client holds no resources to release
    }
}
