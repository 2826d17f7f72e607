package dev.gma.leech.transforms;

import com.google.api.services.bigquery.model.TableRow;
import dev.gma.leech.LeechMetrics;
import dev.gma.leech.model.DeadLetter;
import dev.gma.leech.model.LeechStatus;
import dev.gma.leech.options.LeechConfig;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import dev.gma.store.sqlite.SqliteTransaction;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.InsertRetryPolicy;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Step 4, "Write status": one {@code leech_status} row per handled run. GCP mode appends with
 * {@code BigQueryIO} streaming inserts (rows are visible to the next launch's query at once);
 * transient insert errors are retried, a row refused for good comes back as a failed insert and
 * becomes a dead letter ({@link RefusedStatusRows}) instead of being retried forever. Local mode
 * inserts into SQLite, one transaction per bundle (a failed bundle fails the launch, which changes
 * nothing: the next launch starts from the same rows).
 *
 * <p>Outputs: {@link #WRITTEN}, the statuses handed to the store; {@link #REFUSED}, dead letters
 * of the rows the store refused (always empty locally).
 */
public final class WriteStatus extends PTransform<PCollection<LeechStatus>, PCollectionTuple> {

    public static final TupleTag<LeechStatus> WRITTEN = new TupleTag<>() {};
    public static final TupleTag<DeadLetter> REFUSED = new TupleTag<>() {};

    private final LeechConfig config;

    public WriteStatus(LeechConfig config) {
        this.config = config;
    }

    @Override
    public PCollectionTuple expand(PCollection<LeechStatus> statuses) {
        if (config.gcp()) {
            WriteResult result = statuses
                    .apply("To table rows", MapElements.into(TypeDescriptor.of(TableRow.class)).via(WriteStatus::row))
                    .setCoder(TableRowJsonCoder.of())
                    .apply("Append to BigQuery", BigQueryIO.writeTableRows()
                            .to(config.tables().leechStatusTable())
                            .withMethod(BigQueryIO.Write.Method.STREAMING_INSERTS)
                            .withCreateDisposition(BigQueryIO.Write.CreateDisposition.CREATE_NEVER)
                            .withWriteDisposition(BigQueryIO.Write.WriteDisposition.WRITE_APPEND)
                            .withFailedInsertRetryPolicy(InsertRetryPolicy.retryTransientErrors())
                            .withExtendedErrorInfo());
            PCollection<DeadLetter> refused = result.getFailedInsertsWithErr().apply(new RefusedStatusRows());
            return PCollectionTuple.of(WRITTEN, statuses).and(REFUSED, refused);
        }
        PCollection<LeechStatus> written = statuses.apply("Insert into SQLite", ParDo.of(new SqliteInsertFn(config.dataDir())))
                .setCoder(SerializableCoder.of(LeechStatus.class));
        PCollection<DeadLetter> none = statuses.getPipeline()
                .apply("Nothing refused locally", Create.empty(SerializableCoder.of(DeadLetter.class)));
        return PCollectionTuple.of(WRITTEN, written).and(REFUSED, none);
    }

    static TableRow row(LeechStatus status) {
        TableRow row = new TableRow();
        for (Map.Entry<String, Object> column : status.toRow().entrySet()) {
            Object value = column.getValue();
            if (value != null) {
                row.set(column.getKey(), value instanceof Instant ? value.toString() : value);
            }
        }
        return row;
    }

    /** Buffers a bundle and commits it at once; passes each written row on for tests and counts. */
    static final class SqliteInsertFn extends DoFn<LeechStatus, LeechStatus> {
        private final String dataDir;
        private transient SqliteDatabase database;
        private transient List<LeechStatus> bundle;

        SqliteInsertFn(Path dataDir) {
            this.dataDir = dataDir.toString();
        }

        @Setup
        public void setUp() {
            database = SqliteDatabase.openInDataDir(Path.of(dataDir));
        }

        @StartBundle
        public void startBundle() {
            bundle = new ArrayList<>();
        }

        @ProcessElement
        public void process(@Element LeechStatus status, OutputReceiver<LeechStatus> out) {
            bundle.add(status);
            out.output(status);
        }

        @FinishBundle
        public void finishBundle() throws Exception {
            try (Connection c = database.connect()) {
                SqliteTransaction.run(c, tx -> {
                    for (LeechStatus status : bundle) {
                        SqliteRows.insert(tx, "leech_status", status.toRow());
                    }
                });
            }
            LeechMetrics.STATUS_ROWS.inc(bundle.size());
            bundle = null;
        }
    }
}
