package dev.gma.leech.transforms;

import static dev.gma.leech.WorkflowRunPayloads.completedRun;
import static dev.gma.leech.WorkflowRunPayloads.pending;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.leech.model.PendingEvent;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class DeduplicateDeliveriesTest {

    @Rule public final transient TestPipeline pipeline = TestPipeline.create();

    @Test
    public void aDeliveryStoredTwiceIsHandledOnce() {
        PCollection<PendingEvent> unique = pipeline.apply(Create.of(List.of(
                        pending("a", completedRun(1)), pending("a", completedRun(1)),
                        pending("b", completedRun(2)), pending("a", completedRun(1))))
                .withCoder(SerializableCoder.of(PendingEvent.class)))
                .apply(new DeduplicateDeliveries());

        PAssert.that(unique).satisfies(events -> {
            assertThat(events).extracting(PendingEvent::deliveryId).containsExactlyInAnyOrder("a", "b");
            return null;
        });
        pipeline.run().waitUntilFinish();
    }

    @Test
    public void nothingInNothingOut() {
        PCollection<PendingEvent> unique = pipeline.apply(Create.empty(SerializableCoder.of(PendingEvent.class)))
                .apply(new DeduplicateDeliveries());
        PAssert.that(unique).empty();
        pipeline.run().waitUntilFinish();
    }
}
