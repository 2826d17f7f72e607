# One service account per service, each granted only what its code does, on the narrowest
# resource that works. No primitive roles (owner/editor/viewer) and no project-wide admin roles;
# the only project-level grants are BigQuery job runs, Dataflow worker/developer and metric writes.

resource "google_service_account" "webhook" {
  project      = var.project_id
  account_id   = "${local.prefix}-webhook"
  display_name = "GMA webhook service"
  depends_on   = [google_project_service.apis]
}

resource "google_service_account" "retry" {
  project      = var.project_id
  account_id   = "${local.prefix}-retry"
  display_name = "GMA retry service"
  depends_on   = [google_project_service.apis]
}

resource "google_service_account" "leech" {
  project      = var.project_id
  account_id   = "${local.prefix}-leech"
  display_name = "GMA leech pipeline (Dataflow worker)"
  depends_on   = [google_project_service.apis]
}

resource "google_service_account" "retry_scheduler" {
  project      = var.project_id
  account_id   = "${local.prefix}-retry-scheduler"
  display_name = "GMA scheduler: invokes the retry service"
  depends_on   = [google_project_service.apis]
}

resource "google_service_account" "leech_scheduler" {
  project      = var.project_id
  account_id   = "${local.prefix}-leech-scheduler"
  display_name = "GMA scheduler: launches the leech Dataflow job"
  depends_on   = [google_project_service.apis]
}

# --- webhook: publish events and dead letters, record failed publishes, store big payloads ---

resource "google_pubsub_topic_iam_member" "webhook_publishes_events" {
  project = var.project_id
  topic   = google_pubsub_topic.events.name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${google_service_account.webhook.email}"
}

resource "google_pubsub_topic_iam_member" "webhook_publishes_dlq" {
  project = var.project_id
  topic   = google_pubsub_topic.dlq.name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${google_service_account.webhook.email}"
}

resource "google_bigquery_table_iam_member" "webhook_writes_failure_events" {
  project    = local.bigquery_project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  table_id   = google_bigquery_table.tables["failure_events"].table_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:${google_service_account.webhook.email}"
}

resource "google_storage_bucket_iam_member" "webhook_writes_payloads" {
  bucket = google_storage_bucket.payloads.name
  role   = "roles/storage.objectCreator"
  member = "serviceAccount:${google_service_account.webhook.email}"
}

# --- retry: lease object in the lock bucket, read events, write checkpoint and redeliveries ---

resource "google_storage_bucket_iam_member" "retry_holds_lock" {
  bucket = google_storage_bucket.lock.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${google_service_account.retry.email}"
}

resource "google_bigquery_table_iam_member" "retry_reads_events" {
  project    = local.bigquery_project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  table_id   = google_bigquery_table.tables["events"].table_id
  role       = "roles/bigquery.dataViewer"
  member     = "serviceAccount:${google_service_account.retry.email}"
}

resource "google_bigquery_table_iam_member" "retry_writes_checkpoint" {
  project    = local.bigquery_project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  table_id   = google_bigquery_table.tables["checkpoint"].table_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:${google_service_account.retry.email}"
}

resource "google_bigquery_table_iam_member" "retry_writes_redeliveries" {
  project    = local.bigquery_project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  table_id   = google_bigquery_table.tables["redeliveries"].table_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:${google_service_account.retry.email}"
}

# --- leech: Dataflow worker reading events, writing leech_status and the logs bucket ---

resource "google_project_iam_member" "leech_is_dataflow_worker" {
  project = var.project_id
  role    = "roles/dataflow.worker"
  member  = "serviceAccount:${google_service_account.leech.email}"
}

resource "google_bigquery_table_iam_member" "leech_reads_events" {
  project    = local.bigquery_project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  table_id   = google_bigquery_table.tables["events"].table_id
  role       = "roles/bigquery.dataViewer"
  member     = "serviceAccount:${google_service_account.leech.email}"
}

resource "google_bigquery_table_iam_member" "leech_writes_status" {
  project    = local.bigquery_project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  table_id   = google_bigquery_table.tables["leech_status"].table_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:${google_service_account.leech.email}"
}

resource "google_storage_bucket_iam_member" "leech_writes_logs" {
  bucket = google_storage_bucket.logs.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${google_service_account.leech.email}"
}

resource "google_storage_bucket_iam_member" "leech_uses_dataflow_bucket" {
  bucket = google_storage_bucket.dataflow.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${google_service_account.leech.email}"
}

# --- BigQuery jobs (queries and loads) for the accounts that query: project-level by design, in the
# BigQuery project (big_query_project_id), where each service's BigQuery client runs its jobs ---

resource "google_project_iam_member" "bigquery_job_users" {
  for_each = {
    webhook = google_service_account.webhook.email
    retry   = google_service_account.retry.email
    leech   = google_service_account.leech.email
  }
  project = local.bigquery_project_id
  role    = "roles/bigquery.jobUser"
  member  = "serviceAccount:${each.value}"
}

# --- Schedulers ---

resource "google_cloud_run_v2_service_iam_member" "retry_invoker" {
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.retry.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.retry_scheduler.email}"
}

resource "google_project_iam_member" "leech_scheduler_launches_dataflow" {
  project = var.project_id
  role    = "roles/dataflow.developer"
  member  = "serviceAccount:${google_service_account.leech_scheduler.email}"
}

resource "google_service_account_iam_member" "leech_scheduler_acts_as_leech" {
  service_account_id = google_service_account.leech.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.leech_scheduler.email}"
}

resource "google_storage_bucket_iam_member" "template_readers" {
  for_each = var.grant_template_bucket_read ? {
    launcher = google_service_account.leech_scheduler.email
    worker   = google_service_account.leech.email
  } : {}
  bucket = local.leech_template_bucket
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${each.value}"
}

resource "google_storage_bucket_iam_member" "leech_scheduler_stages" {
  bucket = google_storage_bucket.dataflow.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${google_service_account.leech_scheduler.email}"
}

# --- Webhook is public by default: GitHub cannot present Google credentials; the HMAC check gates
# it. Its invokers (webhook_service_iam.invokers) and every grant to people are in access.tf ---

# --- Pub/Sub's service agent: write the events table, dead-letter to the DLQ ---
# (The agent is project_id's; with BigQuery in its own project this table grant is the cross-project one.)

resource "google_bigquery_table_iam_member" "pubsub_writes_events" {
  project    = local.bigquery_project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  table_id   = google_bigquery_table.tables["events"].table_id
  role       = "roles/bigquery.dataEditor"
  member     = local.pubsub_service_agent
}

resource "google_pubsub_topic_iam_member" "pubsub_dead_letters" {
  project = var.project_id
  topic   = google_pubsub_topic.dlq.name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_service_agent
}

resource "google_pubsub_subscription_iam_member" "pubsub_acks_dead_letters" {
  project      = var.project_id
  subscription = google_pubsub_subscription.events_to_bigquery.name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_service_agent
}

# --- Cloud Monitoring: both services export their meters (custom.googleapis.com/gma/...) ---

resource "google_project_iam_member" "services_write_metrics" {
  for_each = {
    webhook = google_service_account.webhook.email
    retry   = google_service_account.retry.email
  }
  project = var.project_id
  role    = "roles/monitoring.metricWriter"
  member  = "serviceAccount:${each.value}"
}
