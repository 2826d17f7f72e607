package dev.gma.leech.transforms;

import dev.gma.leech.model.PendingEvent;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Step "Deduplicate deliveries": the events table is written at least once (Pub/Sub may deliver
 * twice), so one delivery id can arrive more than once; its logs are copied once.
 */
public final class DeduplicateDeliveries extends PTransform<PCollection<PendingEvent>, PCollection<PendingEvent>> {

    @Override
    public PCollection<PendingEvent> expand(PCollection<PendingEvent> events) {
        return events.apply("One per delivery id",
                Distinct.withRepresentativeValueFn(PendingEvent::deliveryId)
                        .withRepresentativeType(TypeDescriptors.strings()));
    }
}
