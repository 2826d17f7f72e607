output "webhook_url" {
  description = "Webhook URL to set on the GitHub App (Settings > Webhook URL)."
  value       = "${google_cloud_run_v2_service.webhook.uri}/webhook"
}

output "retry_service_url" {
  description = "URL of the private retry service (POST /retry, OIDC)."
  value       = google_cloud_run_v2_service.retry.uri
}

output "dataset_id" {
  description = "BigQuery dataset of the tables and views."
  value       = google_bigquery_dataset.this.dataset_id
}

output "table_ids" {
  description = "Fully qualified IDs of the tables, by name."
  value       = { for name, t in google_bigquery_table.tables : name => "${var.project_id}.${t.dataset_id}.${t.table_id}" }
}

output "view_ids" {
  description = "Fully qualified IDs of the analyst views, by name."
  value = { for name, v in merge(
    google_bigquery_table.views_tier0,
    google_bigquery_table.views_tier1,
    google_bigquery_table.views_tier2,
    google_bigquery_table.views_tier3,
    google_bigquery_table.views_tier4,
  ) : name => "${var.project_id}.${v.dataset_id}.${v.table_id}" }
}

output "events_topic" {
  description = "Pub/Sub topic of the events."
  value       = google_pubsub_topic.events.id
}

output "dlq_topic" {
  description = "Pub/Sub dead-letter topic."
  value       = google_pubsub_topic.dlq.id
}

output "dlq_subscription" {
  description = "Subscription to inspect and replay dead letters from."
  value       = google_pubsub_subscription.dlq.id
}

output "webhook_secret_id" {
  description = "Secret Manager secret to add the GitHub App's webhook secret to."
  value       = google_secret_manager_secret.webhook_secret.id
}

output "github_private_key_secret_id" {
  description = "Secret Manager secret to add the GitHub App's private key (PEM) to."
  value       = google_secret_manager_secret.github_private_key.id
}

output "buckets" {
  description = "Cloud Storage buckets, by role."
  value = {
    lock     = google_storage_bucket.lock.name
    logs     = google_storage_bucket.logs.name
    payloads = google_storage_bucket.payloads.name
    dataflow = google_storage_bucket.dataflow.name
  }
}

output "service_accounts" {
  description = "Service account e-mails, by service."
  value = {
    webhook         = google_service_account.webhook.email
    retry           = google_service_account.retry.email
    leech           = google_service_account.leech.email
    retry_scheduler = google_service_account.retry_scheduler.email
    leech_scheduler = google_service_account.leech_scheduler.email
  }
}
