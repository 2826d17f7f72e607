package dev.gma.backfill.transforms;

import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import dev.gma.backfill.model.RepoStatus;
import dev.gma.backfill.options.BackfillConfig;
import dev.gma.backfill.store.SqliteBackfillStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Step "Write status": one {@code backfill_status} row per repository and launch. Local: SQLite, one
 * transaction per bundle. GCP: {@code BigQueryIO} streaming inserts (the table is created if missing).
 * Passes the rows on, for the summary and tests.
 */
public final class WriteStatus extends PTransform<PCollection<RepoStatus>, PCollection<RepoStatus>> {

    private final BackfillConfig config;

    public WriteStatus(BackfillConfig config) {
        this.config = config;
    }

    @Override
    public PCollection<RepoStatus> expand(PCollection<RepoStatus> statuses) {
        if (config.gcp()) {
            statuses.apply("To table rows", MapElements.into(TypeDescriptor.of(TableRow.class)).via(WriteStatus::row))
                    .setCoder(TableRowJsonCoder.of())
                    .apply("Append to BigQuery", BigQueryIO.writeTableRows()
                            .to(config.tables().statusTable())
                            .withSchema(schema())
                            .withMethod(BigQueryIO.Write.Method.STREAMING_INSERTS)
                            .withCreateDisposition(BigQueryIO.Write.CreateDisposition.CREATE_IF_NEEDED)
                            .withWriteDisposition(BigQueryIO.Write.WriteDisposition.WRITE_APPEND));
            return statuses;
        }
        return statuses.apply("Insert into SQLite", ParDo.of(new SqliteInsertFn(config.dataDir())))
                .setCoder(SerializableCoder.of(RepoStatus.class));
    }

    static TableRow row(RepoStatus status) {
        TableRow row = new TableRow();
        for (Map.Entry<String, Object> column : status.toRow().entrySet()) {
            Object value = column.getValue();
            if (value != null) {
                row.set(column.getKey(), value instanceof Instant ? value.toString() : value);
            }
        }
        return row;
    }

    static TableSchema schema() {
        return new TableSchema().setFields(List.of(
                field("repository_full_name", "STRING", "REQUIRED"), field("installation_id", "INTEGER", "NULLABLE"),
                field("since", "STRING", "REQUIRED"), field("status", "STRING", "REQUIRED"),
                field("events", "INTEGER", "REQUIRED"), field("pages", "INTEGER", "REQUIRED"),
                field("error", "STRING", "NULLABLE"), field("finished_at", "TIMESTAMP", "REQUIRED")));
    }

    private static TableFieldSchema field(String name, String type, String mode) {
        return new TableFieldSchema().setName(name).setType(type).setMode(mode);
    }

    /** Buffers a bundle and commits it at once; passes each row on. */
    static final class SqliteInsertFn extends DoFn<RepoStatus, RepoStatus> {
        private final String dataDir;
        private transient List<RepoStatus> bundle;

        SqliteInsertFn(Path dataDir) {
            this.dataDir = dataDir.toString();
        }

        @StartBundle
        public void startBundle() {
            bundle = new ArrayList<>();
        }

        @ProcessElement
        public void process(@Element RepoStatus status, OutputReceiver<RepoStatus> out) {
            bundle.add(status);
            out.output(status);
        }

        @FinishBundle
        public void finishBundle() throws Exception {
            if (!bundle.isEmpty()) {
                try (SqliteBackfillStore store = new SqliteBackfillStore(Path.of(dataDir), Clock.systemUTC())) {
                    store.writeStatuses(bundle);
                }
            }
            bundle = null;
        }
    }
}
