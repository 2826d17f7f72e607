package dev.gma.leech.transforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.leech.model.DeadLetter;
import dev.gma.leech.store.ArchiveStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Step "Write dead letters": each one a small JSON object in the bucket,
 * {@code dead-letter/<delivery_id>/<launch>.json}, so nothing that failed is lost and an operator
 * finds it beside the logs. Emits the URIs written.
 */
public final class WriteDeadLetters extends PTransform<PCollection<DeadLetter>, PCollection<String>> {

    private final ArchiveStore store;
    private final String launch;

    /** @param launch names this launch's dead letters (a timestamp), so later launches add, never overwrite */
    public WriteDeadLetters(ArchiveStore store, String launch) {
        this.store = store;
        this.launch = launch;
    }

    @Override
    public PCollection<String> expand(PCollection<DeadLetter> deadLetters) {
        return deadLetters.apply("Write to the bucket", ParDo.of(new WriteFn(store, launch)))
                .setCoder(StringUtf8Coder.of());
    }

    static final class WriteFn extends DoFn<DeadLetter, String> {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final ArchiveStore store;
        private final String launch;

        WriteFn(ArchiveStore store, String launch) {
            this.store = store;
            this.launch = launch;
        }

        @ProcessElement
        public void process(@Element DeadLetter letter, OutputReceiver<String> out) throws Exception {
            Map<String, String> json = new LinkedHashMap<>();
            json.put("step", letter.step());
            json.put("delivery_id", letter.deliveryId());
            json.put("error", letter.error());
            json.put("input", letter.input());
            String name = "dead-letter/" + safe(letter.deliveryId()) + "/" + launch + ".json";
            out.output(store.write(name, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json)));
        }

        private static String safe(String deliveryId) {
            return deliveryId == null ? "unknown" : deliveryId.replaceAll("[^A-Za-z0-9._-]", "_");
        }
    }
}
