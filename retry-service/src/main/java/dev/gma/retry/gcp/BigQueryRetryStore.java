package dev.gma.retry.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import dev.gma.retry.domain.Checkpoint;
import dev.gma.retry.domain.CheckpointStore;
import dev.gma.retry.domain.DeliveryStateStore;
import dev.gma.retry.domain.GuidState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * GCP adapter of the retry run's stores: the {@code checkpoint}, {@code redeliveries} and
 * {@code events} tables in BigQuery, with the columns and semantics of {@code SqliteRetryStore}.
 *
 * <p>Reads are parameterised GoogleSQL queries (named parameters, never values in the SQL text);
 * a page of GUIDs is one {@code ARRAY<STRING>} parameter, so a page costs one query.
 *
 * <p>Writes are streaming inserts ({@code tabledata.insertAll}), not DML {@code INSERT}: a streamed
 * row is visible to queries at once, which the run needs (the next page's lookup and the next run
 * must see the redeliveries just asked for), while DML statements are query jobs of a second or
 * more each, subject to per-table DML concurrency and queueing quotas, which one statement per
 * redelivery would hit. Both tables are append-only, so the streaming buffer's bar on
 * UPDATE/DELETE does not matter. Each row carries an insert id, so the client's retry of an
 * insert does not write it twice.
 */
public final class BigQueryRetryStore implements CheckpointStore, DeliveryStateStore {

    /** Table and dataset ids are pasted into the SQL (they cannot be parameters): nothing but names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

    private final BigQuery bigQuery;
    private final TableId checkpoint;
    private final TableId redeliveries;
    private final String checkpointRef;
    private final String redeliveriesRef;
    private final String eventsRef;

    /** Table ids with their project and dataset; a name that is not a plain BigQuery name is refused here. */
    public BigQueryRetryStore(BigQuery bigQuery, TableId checkpoint, TableId redeliveries, TableId events) {
        this.bigQuery = bigQuery;
        this.checkpoint = checkpoint;
        this.redeliveries = redeliveries;
        this.checkpointRef = ref(checkpoint);
        this.redeliveriesRef = ref(redeliveries);
        this.eventsRef = ref(events);
    }

    @Override
    public Optional<Checkpoint> latest(String githubInstanceUrl) {
        String sql = "SELECT delivery_id, UNIX_MICROS(created) AS created_micros FROM " + checkpointRef
                + " WHERE github_instance_url = @github_instance_url"
                + " ORDER BY SAFE_CAST(delivery_id AS INT64) DESC LIMIT 1";
        TableResult result = query(QueryJobConfiguration.newBuilder(sql)
                .addNamedParameter("github_instance_url", QueryParameterValue.string(githubInstanceUrl)), "reading the checkpoint");
        for (FieldValueList row : result.getValues()) {
            long micros = row.get("created_micros").getLongValue();
            return Optional.of(new Checkpoint(Long.parseLong(row.get("delivery_id").getStringValue()),
                    Instant.EPOCH.plus(micros, ChronoUnit.MICROS), githubInstanceUrl));
        }
        return Optional.empty();
    }

    @Override
    public void save(Checkpoint c) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("delivery_id", Long.toString(c.deliveryId()));
        row.put("created", c.created().toString());
        row.put("github_instance_url", c.githubInstanceUrl());
        insert(checkpoint, c.githubInstanceUrl() + "/" + c.deliveryId(), row);
    }

    /**
     * One query for the page, the twin of the SQLite adapter's: a row per GUID present in
     * {@code events} since {@code receivedSince} (stored; the bound prunes the partitions read) or in
     * {@code redeliveries} (count and the newest delivery id asked for).
     */
    @Override
    public Map<String, GuidState> lookup(Set<String> guids, Instant receivedSince) {
        if (guids.isEmpty()) {
            return Map.of();
        }
        String sql = "SELECT guid, LOGICAL_OR(stored) AS stored, SUM(n) AS redeliveries, MAX(last_id) AS last_delivery_id"
                + " FROM ("
                + " SELECT delivery_id AS guid, TRUE AS stored, 0 AS n, 0 AS last_id FROM " + eventsRef
                + " WHERE delivery_id IN UNNEST(@guids) AND received >= @received_since"
                + " UNION ALL"
                + " SELECT guid, FALSE AS stored, COUNT(*) AS n, MAX(delivery_id) AS last_id FROM " + redeliveriesRef
                + " WHERE guid IN UNNEST(@guids) GROUP BY guid"
                + ") GROUP BY guid";
        TableResult result = query(QueryJobConfiguration.newBuilder(sql)
                .addNamedParameter("guids", QueryParameterValue.array(guids.toArray(new String[0]), String.class))
                .addNamedParameter("received_since", QueryParameterValue.timestamp(
                        ChronoUnit.MICROS.between(Instant.EPOCH, receivedSince))),
                "looking up deliveries");
        Map<String, GuidState> states = new HashMap<>();
        for (FieldValueList row : result.iterateAll()) {
            states.put(row.get("guid").getStringValue(), new GuidState(row.get("stored").getBooleanValue(),
                    (int) row.get("redeliveries").getLongValue(), row.get("last_delivery_id").getLongValue()));
        }
        return states;
    }

    @Override
    public void recordRedelivery(String guid, long deliveryId, Instant attemptedAt, int statusCode, String outcome) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("guid", guid);
        row.put("delivery_id", deliveryId);
        row.put("attempted_at", attemptedAt.toString());
        row.put("status_code", statusCode);
        row.put("outcome", outcome);
        insert(redeliveries, guid + "/" + deliveryId + "/" + attemptedAt.toEpochMilli(), row);
    }

    private TableResult query(QueryJobConfiguration.Builder query, String what) {
        try {
            return bigQuery.query(query.setUseLegacySql(false).build());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    private void insert(TableId table, String insertId, Map<String, Object> row) {
        InsertAllResponse response = bigQuery.insertAll(InsertAllRequest.newBuilder(table).addRow(insertId, row).build());
        if (response.hasErrors()) {
            throw new IllegalStateException("BigQuery refused a row of " + table.getTable() + ": "
                    + response.getInsertErrors());
        }
    }

    private static String ref(TableId table) {
        for (String part : new String[] {table.getProject(), table.getDataset(), table.getTable()}) {
            if (part == null || !NAME.matcher(part).matches()) {
                throw new IllegalArgumentException("not a BigQuery name: '" + part + "'");
            }
        }
        return "`" + table.getProject() + "." + table.getDataset() + "." + table.getTable() + "`";
    }
}
