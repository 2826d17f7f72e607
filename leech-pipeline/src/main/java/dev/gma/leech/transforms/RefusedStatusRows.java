package dev.gma.leech.transforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.ErrorProto;
import com.google.api.services.bigquery.model.TableRow;
import dev.gma.leech.LeechMetrics;
import dev.gma.leech.model.DeadLetter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryInsertError;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step "Refused status rows": the {@code leech_status} rows BigQuery refused for good (an insert
 * error that is not transient, so {@code InsertRetryPolicy.retryTransientErrors()} gave them back
 * instead of retrying them forever). Each is logged (delivery, table and BigQuery's reasons; never
 * the row's values, whose error texts may quote GitHub's answers), counted ({@code rows_refused})
 * and turned into a dead letter with the whole row, which the pipeline writes to the bucket.
 */
public final class RefusedStatusRows extends PTransform<PCollection<BigQueryInsertError>, PCollection<DeadLetter>> {

    static final String STEP = "Refused status rows";
    /** The step named in the dead letters: the write the rows were refused by. */
    static final String WRITE_STEP = "Write status";

    @Override
    public PCollection<DeadLetter> expand(PCollection<BigQueryInsertError> refused) {
        return refused.apply(STEP, ParDo.of(new RefusedFn())).setCoder(SerializableCoder.of(DeadLetter.class));
    }

    /** The log line of one refused row: no value of the row but its delivery id. */
    static String describe(BigQueryInsertError refused) {
        return "BigQuery refused the " + table(refused) + " row of delivery " + deliveryId(refused.getRow())
                + " for good: " + reasons(refused) + "; dead-lettered under dead-letter/ in the bucket";
    }

    static String reasons(BigQueryInsertError refused) {
        List<ErrorProto> errors = refused.getError() == null ? null : refused.getError().getErrors();
        if (errors == null || errors.isEmpty()) {
            return "no reason given";
        }
        return errors.stream().map(e -> e.getReason() + (e.getLocation() == null ? "" : " at " + e.getLocation())
                + ": " + e.getMessage()).collect(Collectors.joining("; "));
    }

    private static String table(BigQueryInsertError refused) {
        return refused.getTable() == null ? "status" : refused.getTable().getDatasetId() + "." + refused.getTable().getTableId();
    }

    private static String deliveryId(TableRow row) {
        Object id = row == null ? null : row.get("delivery_id");
        return id instanceof String s && !s.isBlank() ? s : "unknown";
    }

    static final class RefusedFn extends DoFn<BigQueryInsertError, DeadLetter> {
        private static final Logger LOG = LoggerFactory.getLogger(RefusedStatusRows.class);
        private static final ObjectMapper JSON = new ObjectMapper();

        @ProcessElement
        public void process(@Element BigQueryInsertError refused, OutputReceiver<DeadLetter> out) throws Exception {
            LOG.error(describe(refused));
            LeechMetrics.ROWS_REFUSED.inc();
            LeechMetrics.DEAD_LETTERS.inc();
            String row = JSON.writeValueAsString(refused.getRow() == null ? null : new LinkedHashMap<>(refused.getRow()));
            out.output(new DeadLetter(WRITE_STEP, deliveryId(refused.getRow()), row,
                    "refused by BigQuery (" + table(refused) + "): " + reasons(refused)));
        }
    }
}
