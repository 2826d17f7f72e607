output "webhook_url" {
  description = "Webhook URL to set on the GitHub App (Settings > Webhook URL): https://<first of webhook_domains>/webhook with custom domains, else the Cloud Run URL's."
  value       = length(var.webhook_domains) > 0 ? "https://${var.webhook_domains[0]}/webhook" : "${google_cloud_run_v2_service.webhook.uri}/webhook"
}

output "webhook_run_url" {
  description = "The webhook service's own Cloud Run URL (…/webhook), reachable with or without custom domains."
  value       = "${google_cloud_run_v2_service.webhook.uri}/webhook"
}

output "webhook_ip" {
  description = "With webhook_domains: the load balancer's IPv4 address, to put in each domain's A record; null otherwise."
  value       = try(google_compute_global_address.webhook[0].address, null)
}

output "webhook_certificate" {
  description = "With webhook_domains: the Google-managed certificate (ACTIVE once DNS points at webhook_ip; gcloud compute ssl-certificates describe); null otherwise."
  value       = try(google_compute_managed_ssl_certificate.webhook[0].name, null)
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
  value       = { for name, t in google_bigquery_table.tables : name => "${local.bigquery_project_id}.${t.dataset_id}.${t.table_id}" }
}

output "view_ids" {
  description = "Fully qualified IDs of the views, by name (events_unique: ad-hoc, reads all of events)."
  value       = { for name, v in google_bigquery_table.views_tier0 : name => "${local.bigquery_project_id}.${v.dataset_id}.${v.table_id}" }
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

output "events_tokens_secret_id" {
  description = "Secret Manager secret to add the bearer tokens of /events/deployments and /events/incidents to (GMA_EVENTS_TOKENS)."
  value       = google_secret_manager_secret.events_tokens.id
}

output "pagerduty_webhook_secrets_secret_id" {
  description = "Secret Manager secret to add the PagerDuty v3 webhook subscription secrets to (PAGERDUTY_WEBHOOK_SECRETS)."
  value       = google_secret_manager_secret.pagerduty_webhook_secrets.id
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

output "analytics_table_ids" {
  description = "Fully qualified IDs of the derived tables analysts read, by name."
  value       = { for name in local.analyst_tables : name => "${local.bigquery_project_id}.${var.dataset_id}.${name}" }
}

output "analytics_refresh_sql" {
  description = "The script the scheduled query runs every analytics_refresh_minutes (@run_time is the run's time)."
  value       = local.analytics_refresh_script
}

output "analytics_rebuild_sql" {
  description = "Rebuilds every derived table from all of history: terraform output -raw analytics_rebuild_sql | bq query --use_legacy_sql=false"
  value       = local.analytics_rebuild_script
}

output "looker_studio_report_url" {
  description = "Opens a Looker Studio report with every derived table connected as a data source (Linking API)."
  value       = local.looker_studio_report_url
}

output "big_query_project_id" {
  description = "Project of the BigQuery dataset, its tables and the scheduled query (big_query_project_id, or project_id)."
  value       = local.bigquery_project_id
}

output "dashboard_url" {
  description = "URL of the private dashboard service (null while dashboard_image is empty); open it with `gcloud run services proxy` as a member of dashboard_invokers."
  value       = try(google_cloud_run_v2_service.dashboard[0].uri, null)
}

output "dashboard_service_account" {
  description = "Email of the dashboard's service account (reads the derived tables and the teams table, runs query jobs)."
  value       = google_service_account.dashboard.email
}

output "teams_table_id" {
  description = "Fully qualified id (project.dataset.table) of the repository-to-team table the dashboard's team filter reads."
  value       = "${local.bigquery_project_id}.${google_bigquery_dataset.this.dataset_id}.${google_bigquery_table.teams.table_id}"
}
