package dev.gma.webhook.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableId;
import dev.gma.webhook.domain.FailureLog;
import dev.gma.webhook.domain.PublishException;
import java.time.Instant;
import java.util.Map;

/**
 * GCP adapter of {@link FailureLog}: one streaming insert into {@code failure_events} per failed
 * publish, then a parameterised count of that delivery's rows (streamed rows are queryable at
 * once). The insert id makes a retried insert of the same failure a no-op.
 */
public class BigQueryFailureLog implements FailureLog {

    private final BigQuery bigQuery;
    private final TableId table;

    public BigQueryFailureLog(BigQuery bigQuery, TableId table) {
        this.bigQuery = bigQuery;
        this.table = table;
    }

    @Override
    public int recordFailure(String deliveryId, String error, Instant at) throws PublishException {
        try {
            insert(deliveryId, error, at);
            return count(deliveryId);
        } catch (BigQueryException e) {
            throw new PublishException("recording the failure in " + table.getTable() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("counting failures was interrupted", e);
        }
    }

    private void insert(String deliveryId, String error, Instant at) throws PublishException {
        Map<String, Object> row = Map.of("delivery_id", deliveryId, "created", at.toString(),
                "error", error == null ? "" : error);
        InsertAllResponse response = bigQuery.insertAll(InsertAllRequest.newBuilder(table)
                .addRow(deliveryId + "/" + at.toEpochMilli(), row).build());
        if (response.hasErrors()) {
            throw new PublishException("BigQuery refused the failure row: " + response.getInsertErrors());
        }
    }

    private int count(String deliveryId) throws InterruptedException {
        String sql = "SELECT COUNT(*) AS attempts FROM `" + table.getProject() + "." + table.getDataset() + "."
                + table.getTable() + "` WHERE delivery_id = @delivery_id";
        QueryJobConfiguration query = QueryJobConfiguration.newBuilder(sql)
                .addNamedParameter("delivery_id", QueryParameterValue.string(deliveryId))
                .setUseLegacySql(false)
                .build();
        for (FieldValueList row : bigQuery.query(query).iterateAll()) {
            return (int) row.get("attempts").getLongValue();
        }
        return 0;
    }
}
