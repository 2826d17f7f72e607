package dev.gma.leech;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gma.leech.model.PendingEvent;
import dev.gma.testing.Testdata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Variants of testdata/workflow_run.completed.json: another run id, a broken field, a missing object. */
public final class WorkflowRunPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkflowRunPayloads() {}

    /** The fixture with {@code workflow_run.id} set to {@code runId}. */
    public static String completedRun(long runId) {
        return edit(payload -> ((ObjectNode) payload.get("workflow_run")).put("id", runId));
    }

    public static String edit(Consumer<ObjectNode> change) {
        try {
            ObjectNode payload = (ObjectNode) JSON.readTree(Testdata.bytes("workflow_run.completed.json"));
            change.accept(payload);
            return JSON.writeValueAsString(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String requestedRun() {
        return new String(Testdata.bytes("workflow_run.requested.json"), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static PendingEvent pending(String deliveryId, String payload) {
        return new PendingEvent(deliveryId, payload, null, 1);
    }
}
