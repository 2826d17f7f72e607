package dev.gma.leech.read;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import dev.gma.leech.model.PendingEvent;
import dev.gma.leech.options.LeechConfig.BigQueryTables;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * GCP mode. Beam's {@code BigQueryIO.read().fromQuery} takes no query parameters
 * (apache/beam#20546), so the one read of a launch goes through the BigQuery client with named
 * parameters; table names are identifiers checked in {@code LeechConfig}, never values. The
 * {@code received} bound keeps the scan to the look-back window's partitions of {@code events}.
 */
public final class BigQueryPendingRuns implements PendingRunSource {

    private static final String QUERY = """
            WITH handled AS (
              SELECT delivery_id,
                     COUNTIF(status = 'FAILURE') AS failures,
                     COUNTIF(status IN ('SUCCESS', 'NOT_FOUND')) AS finished
              FROM `%s`
              GROUP BY delivery_id
            )
            SELECT e.delivery_id, ANY_VALUE(e.payload) AS payload, ANY_VALUE(e.payload_uri) AS payload_uri,
                   1 + IFNULL(ANY_VALUE(h.failures), 0) AS attempt
            FROM `%s` AS e
            LEFT JOIN handled AS h USING (delivery_id)
            WHERE e.event = 'workflow_run' AND e.action = 'completed'
              AND e.received >= @received_since
              AND IFNULL(h.finished, 0) = 0
              AND IFNULL(h.failures, 0) < @max_attempts
            GROUP BY e.delivery_id
            ORDER BY MIN(e.received), e.delivery_id
            LIMIT @batch_size
            """;

    private final BigQueryTables tables;
    private final String host;

    /** Google's BigQuery endpoint with the runtime's credentials: the only way production builds it. */
    public BigQueryPendingRuns(BigQueryTables tables) {
        this(tables, null);
    }

    /**
     * A test hook, reachable only from this package's tests: {@code host} points the real client
     * at a local fake without credentials; null is Google's endpoint. No setting, flag or
     * environment variable leads here.
     */
    BigQueryPendingRuns(BigQueryTables tables, String host) {
        this.tables = tables;
        this.host = host;
    }

    @Override
    public List<PendingEvent> read(int batchSize, int maxAttempts, Instant receivedSince) throws InterruptedException {
        QueryJobConfiguration query = QueryJobConfiguration.newBuilder(
                        QUERY.formatted(tables.leechStatusTable(), tables.eventsTable()))
                .setUseLegacySql(false)
                .addNamedParameter("max_attempts", QueryParameterValue.int64(maxAttempts))
                .addNamedParameter("batch_size", QueryParameterValue.int64(batchSize))
                .addNamedParameter("received_since", QueryParameterValue.timestamp(
                        ChronoUnit.MICROS.between(Instant.EPOCH, receivedSince)))
                .build();
        TableResult result = client().query(query);
        List<PendingEvent> pending = new ArrayList<>();
        for (FieldValueList row : result.iterateAll()) {
            pending.add(new PendingEvent(row.get("delivery_id").getStringValue(), text(row, "payload"),
                    text(row, "payload_uri"), (int) row.get("attempt").getLongValue()));
        }
        return pending;
    }

    private BigQuery client() {
        BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(tables.project());
        if (host != null) {
            options.setHost(host).setCredentials(com.google.cloud.NoCredentials.getInstance());
        }
        return options.build().getService();
    }

    private static String text(FieldValueList row, String column) {
        return row.get(column).isNull() ? null : row.get(column).getStringValue();
    }
}
