# webhook: public (GitHub, CI/CD pipelines and PagerDuty call it); every request gated in the service by
# the HMAC signature (GitHub, PagerDuty) or a bearer token of GMA_EVENTS_TOKENS (/events/deployments, /events/incidents).
resource "google_cloud_run_v2_service" "webhook" {
  project             = var.project_id
  name                = "${local.prefix}-webhook"
  location            = var.region
  labels              = local.labels
  ingress             = local.webhook_ingress # lb.tf: through the load balancer only, when asked
  deletion_protection = var.deletion_protection

  template {
    service_account                  = google_service_account.webhook.email
    timeout                          = "60s"
    max_instance_request_concurrency = 80

    scaling {
      min_instance_count = var.webhook_min_instances
      max_instance_count = var.webhook_max_instances
    }

    containers {
      image = var.webhook_image

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "1Gi"
        }
        cpu_idle = true
        # More CPU while an instance starts: the JVM loads classes and JIT-compiles the request
        # path then (docs/benchmarks.md, section 1, time to full speed); the boost lasts for the
        # start-up and 10 s after it, and only that extra CPU time is billed.
        startup_cpu_boost = true
      }

      env {
        name  = "MICRONAUT_ENVIRONMENTS"
        value = "gcp"
      }
      env {
        name  = "PROJECT_ID"
        value = var.project_id
      }
      env {
        name  = "BIG_QUERY_PROJECT_ID"
        value = local.bigquery_project_id
      }
      env {
        name  = "DATASET_ID"
        value = google_bigquery_dataset.this.dataset_id
      }
      env {
        name  = "EVENTS_TOPIC_ID"
        value = google_pubsub_topic.events.name
      }
      env {
        name  = "DLQ_EVENTS_TOPIC_ID"
        value = google_pubsub_topic.dlq.name
      }
      env {
        name  = "FAILURE_EVENTS_TABLE_ID"
        value = google_bigquery_table.tables["failure_events"].table_id
      }
      env {
        name  = "RETRY_LIMIT"
        value = tostring(var.retry_limit)
      }
      env {
        name  = "PAYLOAD_BUCKET_NAME"
        value = google_storage_bucket.payloads.name
      }
      env {
        name = "GITHUB_WEBHOOK_SECRET"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.webhook_secret.secret_id
            version = "latest"
          }
        }
      }
      env {
        name = "GMA_EVENTS_TOKENS"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.events_tokens.secret_id
            version = "latest"
          }
        }
      }
      env {
        name = "PAGERDUTY_WEBHOOK_SECRETS"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.pagerduty_webhook_secrets.secret_id
            version = "latest"
          }
        }
      }
      # Meters to Cloud Monitoring (docs/operations.md); the alert policies of monitoring.tf read them.
      env {
        name  = "METRICS_EXPORT_ENABLED"
        value = "true"
      }
      env {
        name  = "METRICS_EXPORT_STEP"
        value = "60s"
      }

      startup_probe {
        http_get {
          path = "/health"
        }
        period_seconds    = 2
        failure_threshold = 30
      }
      liveness_probe {
        http_get {
          path = "/health"
        }
        period_seconds = 30
      }
    }
  }

  depends_on = [
    google_project_service.apis,
    google_secret_manager_secret_iam_member.webhook_reads_webhook_secret,
    google_secret_manager_secret_iam_member.webhook_reads_events_tokens,
    google_secret_manager_secret_iam_member.webhook_reads_pagerduty_webhook_secrets,
  ]
}

# retry: private; only the retry scheduler's account may invoke it (OIDC token).
resource "google_cloud_run_v2_service" "retry" {
  project             = var.project_id
  name                = "${local.prefix}-retry"
  location            = var.region
  labels              = local.labels
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = var.deletion_protection

  template {
    service_account                  = google_service_account.retry.email
    timeout                          = "${var.retry_run_timeout_seconds}s"
    max_instance_request_concurrency = 1

    scaling {
      min_instance_count = 0
      max_instance_count = 1
    }

    containers {
      image = var.retry_image

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "1Gi"
        }
        cpu_idle = true
        # More CPU while an instance starts: the JVM loads classes and JIT-compiles the request
        # path then (docs/benchmarks.md, section 1, time to full speed); the boost lasts for the
        # start-up and 10 s after it, and only that extra CPU time is billed.
        startup_cpu_boost = true
      }

      env {
        name  = "MICRONAUT_ENVIRONMENTS"
        value = "gcp"
      }
      env {
        name  = "PROJECT_ID"
        value = var.project_id
      }
      env {
        name  = "BIG_QUERY_PROJECT_ID"
        value = local.bigquery_project_id
      }
      env {
        name  = "DATASET_ID"
        value = google_bigquery_dataset.this.dataset_id
      }
      env {
        name  = "EVENTS_TABLE_ID"
        value = google_bigquery_table.tables["events"].table_id
      }
      env {
        name  = "CHECKPOINT_TABLE_ID"
        value = google_bigquery_table.tables["checkpoint"].table_id
      }
      env {
        name  = "REDELIVERIES_TABLE_ID"
        value = google_bigquery_table.tables["redeliveries"].table_id
      }
      env {
        name  = "BUCKET_NAME"
        value = google_storage_bucket.lock.name
      }
      env {
        name  = "GITHUB_APP_ID"
        value = var.github_app_id
      }
      env {
        name  = "GITHUB_API_BASE_URL"
        value = var.github_api_base_url
      }
      env {
        name  = "GITHUB_PRIVATE_KEY_SECRET_ID"
        value = "${google_secret_manager_secret.github_private_key.id}/versions/latest"
      }
      env {
        name  = "RETRY_LIMIT"
        value = tostring(var.retry_limit)
      }
      env {
        name  = "LOCK_TTL"
        value = var.lock_ttl
      }
      env {
        name  = "LOCK_TTL_CLOCK_SKEW"
        value = var.lock_ttl_clock_skew
      }
      env {
        name  = "RUN_TIMEOUT"
        value = "${var.retry_run_timeout_seconds - 60}s"
      }
      env {
        name  = "EVENTS_LOOKUP_MARGIN"
        value = "${var.retry_events_lookup_margin_days}d"
      }
      # Meters to Cloud Monitoring (docs/operations.md); the alert policies of monitoring.tf read them.
      env {
        name  = "METRICS_EXPORT_ENABLED"
        value = "true"
      }
      env {
        name  = "METRICS_EXPORT_STEP"
        value = "60s"
      }

      startup_probe {
        http_get {
          path = "/health"
        }
        period_seconds    = 2
        failure_threshold = 30
      }
    }
  }

  depends_on = [
    google_project_service.apis,
    google_secret_manager_secret_iam_member.retry_reads_private_key,
  ]
}
