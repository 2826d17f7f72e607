# The events topic carries the Event message (event.proto, a byte-for-byte copy of
# protos/src/main/proto/gma/v1/event.proto) JSON-encoded; a BigQuery subscription writes each
# message to the events table, column by field name.

resource "google_pubsub_schema" "event" {
  project    = var.project_id
  name       = "${local.prefix}-event"
  type       = "PROTOCOL_BUFFER"
  definition = file("${path.module}/event.proto")

  depends_on = [google_project_service.apis]
}

resource "google_pubsub_topic" "events" {
  project = var.project_id
  name    = "${local.prefix}-events"
  labels  = local.labels

  schema_settings {
    schema   = google_pubsub_schema.event.id
    encoding = "JSON"
  }

  message_retention_duration = "604800s"
}

# Dead letters: events the webhook could not publish RETRY_LIMIT times, and messages the
# BigQuery subscription could not write. Same JSON shape in both cases.
resource "google_pubsub_topic" "dlq" {
  project = var.project_id
  name    = "${local.prefix}-events-dlq"
  labels  = local.labels

  depends_on = [google_project_service.apis]
}

resource "google_pubsub_subscription" "dlq" {
  project                    = var.project_id
  name                       = "${local.prefix}-events-dlq"
  topic                      = google_pubsub_topic.dlq.id
  labels                     = local.labels
  ack_deadline_seconds       = 60
  message_retention_duration = var.dlq_retention
  retain_acked_messages      = false

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_subscription" "events_to_bigquery" {
  project = var.project_id
  name    = "${local.prefix}-events-to-bigquery"
  topic   = google_pubsub_topic.events.id
  labels  = local.labels

  bigquery_config {
    table               = "${local.bigquery_project_id}.${google_bigquery_dataset.this.dataset_id}.${google_bigquery_table.tables["events"].table_id}"
    use_topic_schema    = true
    drop_unknown_fields = true
    write_metadata      = false
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dlq.id
    max_delivery_attempts = var.bigquery_subscription_max_delivery_attempts
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  expiration_policy {
    ttl = ""
  }

  depends_on = [
    google_bigquery_table_iam_member.pubsub_writes_events,
    google_pubsub_topic_iam_member.pubsub_dead_letters,
  ]
}
