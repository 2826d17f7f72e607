resource "google_cloud_scheduler_job" "retry" {
  project          = var.project_id
  region           = var.region
  name             = "${local.prefix}-retry"
  description      = "Redeliver GitHub webhook deliveries that never reached the events table."
  schedule         = var.retry_schedule
  time_zone        = "Etc/UTC"
  attempt_deadline = "${var.retry_run_timeout_seconds}s"

  retry_config {
    retry_count = 0 # the next scheduled run picks up from the checkpoint
  }

  http_target {
    http_method = "POST"
    uri         = "${google_cloud_run_v2_service.retry.uri}/retry"

    oidc_token {
      service_account_email = google_service_account.retry_scheduler.email
      audience              = google_cloud_run_v2_service.retry.uri
    }
  }

  depends_on = [google_cloud_run_v2_service_iam_member.retry_invoker]
}

resource "google_cloud_scheduler_job" "leech" {
  project          = var.project_id
  region           = var.region
  name             = "${local.prefix}-leech"
  description      = "Launch the leech Dataflow Flex Template that archives workflow run logs."
  schedule         = var.leech_schedule
  time_zone        = "Etc/UTC"
  attempt_deadline = "320s"

  http_target {
    http_method = "POST"
    uri         = local.leech_launch_uri
    headers = {
      "Content-Type" = "application/json"
    }
    body = base64encode(jsonencode(local.leech_launch_body))

    oauth_token {
      service_account_email = google_service_account.leech_scheduler.email
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }

  depends_on = [
    google_project_iam_member.leech_scheduler_launches_dataflow,
    google_service_account_iam_member.leech_scheduler_acts_as_leech,
  ]
}
