package dev.gma.webhook.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * GCP-mode settings, bound from {@code gma.gcp.*}; the environment variable names are those of
 * the original Go service.
 *
 * @param projectId            PROJECT_ID: project of the topics and the payload bucket
 * @param bigQueryProjectId    BIG_QUERY_PROJECT_ID: project of the dataset (defaults to PROJECT_ID)
 * @param datasetId            DATASET_ID
 * @param eventsTopicId        EVENTS_TOPIC_ID
 * @param dlqEventsTopicId     DLQ_EVENTS_TOPIC_ID
 * @param failureEventsTableId FAILURE_EVENTS_TABLE_ID
 * @param payloadBucketName    PAYLOAD_BUCKET_NAME: where payloads too large for a message are stored
 * @param maxMessageBytes      payloads above this go to the bucket (Pub/Sub's limit is 10 MB)
 */
@ConfigurationProperties("gma.gcp")
public record GcpSettings(
        @Bindable(defaultValue = "") String projectId,
        @Bindable(defaultValue = "") String bigQueryProjectId,
        @Bindable(defaultValue = "") String datasetId,
        @Bindable(defaultValue = "") String eventsTopicId,
        @Bindable(defaultValue = "") String dlqEventsTopicId,
        @Bindable(defaultValue = "failure_events") String failureEventsTableId,
        @Bindable(defaultValue = "") String payloadBucketName,
        @Bindable(defaultValue = "8000000") int maxMessageBytes) {

    public String effectiveBigQueryProjectId() {
        return bigQueryProjectId.isBlank() ? projectId : bigQueryProjectId;
    }
}
