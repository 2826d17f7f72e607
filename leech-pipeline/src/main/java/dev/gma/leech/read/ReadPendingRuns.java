package dev.gma.leech.read;

import dev.gma.leech.LeechMetrics;
import dev.gma.leech.model.PendingEvent;
import java.time.Duration;
import java.time.Instant;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Step 1, "Read pending runs": one query over the events received in the look-back window (it
 * ends when the query runs), then a reshuffle so the downloads spread over workers instead of
 * staying on the one that ran the query.
 */
public final class ReadPendingRuns extends PTransform<PBegin, PCollection<PendingEvent>> {

    private final PendingRunSource source;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration lookback;

    public ReadPendingRuns(PendingRunSource source, int batchSize, int maxAttempts, Duration lookback) {
        this.source = source;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.lookback = lookback;
    }

    @Override
    public PCollection<PendingEvent> expand(PBegin input) {
        return input.apply("Once", Create.of(batchSize))
                .apply("Query the store", ParDo.of(new QueryFn(source, maxAttempts, lookback)))
                .setCoder(SerializableCoder.of(PendingEvent.class))
                .apply("Spread over workers", Reshuffle.viaRandomKey());
    }

    private static final class QueryFn extends DoFn<Integer, PendingEvent> {
        private final PendingRunSource source;
        private final int maxAttempts;
        private final Duration lookback;

        QueryFn(PendingRunSource source, int maxAttempts, Duration lookback) {
            this.source = source;
            this.maxAttempts = maxAttempts;
            this.lookback = lookback;
        }

        @ProcessElement
        public void process(@Element Integer batchSize, OutputReceiver<PendingEvent> out) throws Exception {
            for (PendingEvent event : source.read(batchSize, maxAttempts, Instant.now().minus(lookback))) {
                LeechMetrics.READ.inc();
                out.output(event);
            }
        }
    }
}
