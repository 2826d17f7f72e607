package dev.gma.cli.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import dev.gma.cli.CliSettings;
import dev.gma.cli.StatusReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code gma status} in GCP mode: one parameterised query over the dataset (sql/bigquery/status.sql),
 * every table read only under its partition column, capped at {@link #MAXIMUM_BYTES_BILLED}. Dead
 * letters are Pub/Sub messages, not rows: their count is the module's dlq_backlog alert's metric.
 */
public final class BigQueryStatus {

    static final long MAXIMUM_BYTES_BILLED = 10L << 30;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.:-]+");

    private final BigQuery bigQuery;
    private final String sql;

    public BigQueryStatus(BigQuery bigQuery, String project, String dataset) {
        if (!IDENTIFIER.matcher(project).matches() || !IDENTIFIER.matcher(dataset).matches()) {
            throw new CliSettings.UsageException("BIG_QUERY_PROJECT_ID/PROJECT_ID and DATASET_ID must be BigQuery identifiers");
        }
        this.bigQuery = bigQuery;
        this.sql = load().replace("${project}", project).replace("${dataset}", dataset);
    }

    /** The real client, with the caller's application-default credentials. */
    public static BigQueryStatus connect(CliSettings settings) {
        String project = settings.bigQueryProjectId() != null && !settings.bigQueryProjectId().isBlank()
                ? settings.bigQueryProjectId() : settings.projectId();
        BigQuery client = BigQueryOptions.newBuilder().setProjectId(project).build().getService();
        return new BigQueryStatus(client, project, settings.datasetId());
    }

    public StatusReport status(Instant now) throws InterruptedException {
        Instant since = now.minus(Duration.ofHours(24));
        QueryJobConfiguration query = QueryJobConfiguration.newBuilder(sql)
                .addNamedParameter("since", timestamp(since))
                .addNamedParameter("checkpoint_since", timestamp(now.minus(Duration.ofDays(7))))
                .setMaximumBytesBilled(MAXIMUM_BYTES_BILLED)
                .setUseLegacySql(false)
                .build();
        TableResult result = bigQuery.query(query);
        Map<String, Long> events = new LinkedHashMap<>();
        Map<String, Long> redeliveries = new LinkedHashMap<>();
        Map<String, Long> leech = new LinkedHashMap<>();
        long failures = 0;
        Map<String, String> checkpoint = null;
        for (FieldValueList row : result.iterateAll()) {
            String section = row.get("section").getStringValue();
            String name = row.get("name").isNull() ? "" : row.get("name").getStringValue();
            long n = row.get("n").getLongValue();
            switch (section) {
                case "events" -> events.put(name, n);
                case "publish_failures" -> failures = n;
                case "redeliveries" -> redeliveries.put(name, n);
                case "leech" -> leech.put(name, n);
                case "checkpoint" -> {
                    String[] parts = name.split(" at ", 2);
                    checkpoint = Map.of("delivery_id", parts[0], "created", parts.length > 1 ? parts[1] : "");
                }
                default -> throw new IllegalStateException("unexpected section " + section);
            }
        }
        return new StatusReport(since, events, failures, null, checkpoint, redeliveries, leech);
    }

    private static QueryParameterValue timestamp(Instant t) {
        return QueryParameterValue.timestamp(ChronoUnit.MICROS.between(Instant.EPOCH, t));
    }

    private static String load() {
        try (InputStream in = BigQueryStatus.class.getResourceAsStream("/sql/bigquery/status.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
