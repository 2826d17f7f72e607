package dev.gma.backfill.transforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.backfill.model.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.PCollection;

/**
 * Step "Write dead letters": each one a small JSON object (step, key, error, input) at
 * {@code <bucket>/dead-letter/backfill/<key>/<launch>-<n>.json} through Beam {@code FileSystems}
 * (a directory locally, {@code gs://} in GCP). Emits the URIs written.
 */
public final class WriteDeadLetters extends PTransform<PCollection<DeadLetter>, PCollection<String>> {

    private final String root;
    private final String launch;

    /** @param root {@code gs://bucket} or an absolute directory; @param launch names this launch's letters */
    public WriteDeadLetters(String root, String launch) {
        this.root = root.replaceAll("/+$", "");
        this.launch = launch;
    }

    @Override
    public PCollection<String> expand(PCollection<DeadLetter> letters) {
        return letters.apply("Write to the bucket", ParDo.of(new WriteFn(root, launch))).setCoder(StringUtf8Coder.of());
    }

    static final class WriteFn extends DoFn<DeadLetter, String> {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final String root;
        private final String launch;

        WriteFn(String root, String launch) {
            this.root = root;
            this.launch = launch;
        }

        @ProcessElement
        public void process(@Element DeadLetter letter, OutputReceiver<String> out) throws Exception {
            Map<String, String> json = new LinkedHashMap<>();
            json.put("step", letter.step());
            json.put("key", letter.key());
            json.put("error", letter.error());
            json.put("input", letter.input());
            String name = root + "/dead-letter/backfill/" + safe(letter.key()) + "/" + launch + "-"
                    + UUID.randomUUID().toString().substring(0, 8) + ".json";
            ResourceId target = FileSystems.matchNewResource(name, false);
            try (WritableByteChannel channel = FileSystems.create(target, MimeTypes.TEXT)) {
                ByteBuffer buffer = ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            out.output(target.toString());
        }

        /** Keeps owner/name as two path segments; anything else becomes _. */
        static String safe(String key) {
            if (key == null || key.isBlank()) {
                return "unknown";
            }
            String s = key.replaceAll("[^A-Za-z0-9._/-]", "_").replace("..", "_");
            return s.replaceAll("^/+", "");
        }
    }
}
