# The secrets hold no value after apply: add versions by hand (see README), so that no secret
# ever lands in the Terraform state.

resource "google_secret_manager_secret" "webhook_secret" {
  project   = var.project_id
  secret_id = "${local.prefix}-github-webhook-secret"
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

# Bearer tokens of POST /events/deployments and /events/incidents (GMA_EVENTS_TOKENS): one token,
# or several comma-separated during a rotation (docs/events.md).
resource "google_secret_manager_secret" "events_tokens" {
  project   = var.project_id
  secret_id = "${local.prefix}-events-tokens"
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

# Secrets of the PagerDuty v3 webhook subscriptions (PAGERDUTY_WEBHOOK_SECRETS), comma-separated.
resource "google_secret_manager_secret" "pagerduty_webhook_secrets" {
  project   = var.project_id
  secret_id = "${local.prefix}-pagerduty-webhook-secrets"
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret" "github_private_key" {
  project   = var.project_id
  secret_id = "${local.prefix}-github-private-key"
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_iam_member" "webhook_reads_webhook_secret" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.webhook_secret.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.webhook.email}"
}

resource "google_secret_manager_secret_iam_member" "webhook_reads_events_tokens" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.events_tokens.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.webhook.email}"
}

resource "google_secret_manager_secret_iam_member" "webhook_reads_pagerduty_webhook_secrets" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.pagerduty_webhook_secrets.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.webhook.email}"
}

resource "google_secret_manager_secret_iam_member" "retry_reads_private_key" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.github_private_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.retry.email}"
}

resource "google_secret_manager_secret_iam_member" "leech_reads_private_key" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.github_private_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.leech.email}"
}
