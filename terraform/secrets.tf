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
