resource "google_monitoring_alert_policy" "dlq_backlog" {
  project      = var.project_id
  display_name = "GMA: events in the dead-letter queue"
  combiner     = "OR"
  user_labels  = local.labels

  conditions {
    display_name = "undelivered messages on ${google_pubsub_subscription.dlq.name} > 0"
    condition_threshold {
      filter          = "resource.type = \"pubsub_subscription\" AND resource.labels.subscription_id = \"${google_pubsub_subscription.dlq.name}\" AND metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "300s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    content   = "Events reached the dead-letter topic: the webhook gave up publishing them after RETRY_LIMIT attempts, or the BigQuery subscription could not write them. Fix the cause, then replay them with `bin/gma dlq replay` (DLQ_SUBSCRIPTION_ID=${google_pubsub_subscription.dlq.name}, EVENTS_TOPIC_ID=${google_pubsub_topic.events.name}); runbook: docs/runbooks/dlq-backlog.md."
    mime_type = "text/markdown"
  }

  notification_channels = var.notification_channels
  depends_on            = [google_project_service.apis]
}

resource "google_monitoring_alert_policy" "webhook_5xx" {
  project      = var.project_id
  display_name = "GMA: webhook answers 5xx"
  combiner     = "OR"
  user_labels  = local.labels

  conditions {
    display_name = "5xx responses per second of ${google_cloud_run_v2_service.webhook.name}"
    condition_threshold {
      filter          = "resource.type = \"cloud_run_revision\" AND resource.labels.service_name = \"${google_cloud_run_v2_service.webhook.name}\" AND metric.type = \"run.googleapis.com/request_count\" AND metric.labels.response_code_class = \"5xx\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.webhook_5xx_per_second_threshold
      duration        = "300s"
      aggregations {
        alignment_period     = "60s"
        per_series_aligner   = "ALIGN_RATE"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  documentation {
    content   = "The webhook service fails to publish deliveries (GitHub records them as failed; the retry service redelivers them). Check the service's logs and Pub/Sub's status; after the fix, `bin/gma retry now`. Runbook: docs/runbooks/webhook-5xx.md."
    mime_type = "text/markdown"
  }

  notification_channels = var.notification_channels
  depends_on            = [google_project_service.apis]
}

resource "google_monitoring_alert_policy" "retry_run_failed" {
  project      = var.project_id
  display_name = "GMA: retry run failed"
  combiner     = "OR"
  user_labels  = local.labels

  conditions {
    display_name = "Cloud Scheduler job ${google_cloud_scheduler_job.retry.name} reported an error"
    condition_matched_log {
      filter = "resource.type = \"cloud_scheduler_job\" AND resource.labels.job_id = \"${google_cloud_scheduler_job.retry.name}\" AND severity >= ERROR"
    }
  }

  alert_strategy {
    notification_rate_limit {
      period = "3600s"
    }
    auto_close = "86400s"
  }

  documentation {
    content   = "A scheduled retry run did not answer 2xx. Failed deliveries wait for the next run (it continues from the checkpoint); see the logs of ${google_cloud_run_v2_service.retry.name}, then `bin/gma retry now`. Runbook: docs/runbooks/retry-run-failed.md."
    mime_type = "text/markdown"
  }

  notification_channels = var.notification_channels
  depends_on            = [google_project_service.apis]
}

# --- Alerts on the services' own meters (Micrometer → Cloud Monitoring, resource type "global",
# one series per instance: summed across them) and on the leech job's Beam counters. ---

resource "google_monitoring_alert_policy" "webhook_dead_letters" {
  project      = var.project_id
  display_name = "GMA: webhook dead-lettered deliveries"
  combiner     = "OR"
  user_labels  = local.labels

  conditions {
    display_name = "deliveries the webhook sent to the dead letter in 5 minutes > 0"
    condition_threshold {
      filter          = "resource.type = \"global\" AND metric.type = \"custom.googleapis.com/gma/dead/letters\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  alert_strategy {
    auto_close = "3600s"
  }

  documentation {
    content   = "The webhook gave up publishing deliveries after RETRY_LIMIT attempts and kept them on the dead-letter topic (GitHub got 201). They are missing from `events` until replayed: `bin/gma dlq list`, fix the cause, `bin/gma dlq replay` (DLQ_SUBSCRIPTION_ID=${google_pubsub_subscription.dlq.name}, EVENTS_TOPIC_ID=${google_pubsub_topic.events.name}). Runbook: docs/runbooks/webhook-dead-letters.md."
    mime_type = "text/markdown"
  }

  notification_channels = var.notification_channels
  depends_on            = [google_project_service.apis]
}

resource "google_monitoring_alert_policy" "publish_failures" {
  project      = var.project_id
  display_name = "GMA: webhook publish failures"
  combiner     = "OR"
  user_labels  = local.labels

  conditions {
    display_name = "failed publishes of the webhook, sustained for 10 minutes"
    condition_threshold {
      filter          = "resource.type = \"global\" AND metric.type = \"custom.googleapis.com/gma/publish/failures\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "600s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  alert_strategy {
    auto_close = "3600s"
  }

  documentation {
    content   = "Publishing to ${google_pubsub_topic.events.name} keeps failing: each failure is answered 500 to GitHub (redelivered by the retry service) and recorded in failure_events; after RETRY_LIMIT failures of one delivery it is dead-lettered. Check the logs of ${google_cloud_run_v2_service.webhook.name} and Pub/Sub's status; once fixed, `bin/gma retry now` and `bin/gma status`. Runbook: docs/runbooks/publish-failures.md."
    mime_type = "text/markdown"
  }

  notification_channels = var.notification_channels
  depends_on            = [google_project_service.apis]
}

resource "google_monitoring_alert_policy" "retry_not_completing" {
  project      = var.project_id
  display_name = "GMA: retry runs do not complete"
  combiner     = "OR"
  user_labels  = local.labels

  conditions {
    display_name = "retry runs reported in 3 hours, none complete"
    condition_threshold {
      filter          = "resource.type = \"global\" AND metric.type = \"custom.googleapis.com/gma/retry/runs\" AND metric.labels.outcome = \"complete\""
      comparison      = "COMPARISON_LT"
      threshold_value = 1
      duration        = "0s"
      aggregations {
        alignment_period     = "10800s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  alert_strategy {
    auto_close = "86400s"
  }

  documentation {
    content   = "The retry service ran but no run got to the end of GitHub's delivery list in 3 hours (each stopped by its budget, a rate limit, an error, or found the lease held): the checkpoint does not move and failed deliveries wait. See the summaries in the logs of ${google_cloud_run_v2_service.retry.name} (`stopped_because`), then `bin/gma retry now`. Runbook: docs/runbooks/retry-not-completing.md."
    mime_type = "text/markdown"
  }

  notification_channels = var.notification_channels
  depends_on            = [google_project_service.apis]
}

resource "google_monitoring_alert_policy" "retry_redelivery_refused" {
  project      = var.project_id
  display_name = "GMA: GitHub refuses redeliveries"
  combiner     = "OR"
  user_labels  = local.labels

  conditions {
    display_name = "redeliveries GitHub refused in an hour > 0"
    condition_threshold {
      filter          = "resource.type = \"global\" AND metric.type = \"custom.googleapis.com/gma/retry/redelivery/failures\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "3600s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  alert_strategy {
    auto_close = "86400s"
  }

  documentation {
    content   = "The retry service asked GitHub to redeliver failed deliveries and GitHub did not accept (not 202): those deliveries stay missing until a later run succeeds or they age out of GitHub's list. See the `GitHub refused to redeliver` lines of ${google_cloud_run_v2_service.retry.name}, then `bin/gma retry now`. Runbook: docs/runbooks/retry-redelivery-refused.md."
    mime_type = "text/markdown"
  }

  notification_channels = var.notification_channels
  depends_on            = [google_project_service.apis]
}

resource "google_monitoring_alert_policy" "leech_rows_refused" {
  project      = var.project_id
  display_name = "GMA: leech status rows refused by BigQuery"
  combiner     = "OR"
  user_labels  = local.labels

  conditions {
    display_name = "rows_refused of the Dataflow job ${local.leech_job_name} > 0"
    condition_threshold {
      filter          = "resource.type = \"dataflow_job\" AND resource.labels.job_name = \"${local.leech_job_name}\" AND metric.type = \"dataflow.googleapis.com/job/user_counter\" AND metric.labels.metric_name = \"rows_refused\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_MAX"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  alert_strategy {
    auto_close = "86400s"
  }

  documentation {
    content   = "BigQuery refused leech_status rows for good (a schema mismatch, a value that does not parse); they were logged, counted and dead-lettered to gs://${google_storage_bucket.logs.name}/dead-letter/<delivery_id>/<launch>-status-refused.json, not retried. Fix the table's schema (`terraform apply`); the next launch copies those runs again. Check with `bin/gma status`. Runbook: docs/runbooks/leech-rows-refused.md."
    mime_type = "text/markdown"
  }

  notification_channels = var.notification_channels
  depends_on            = [google_project_service.apis]
}

# --- The operators' dashboard: the services' meters, Pub/Sub's dead letters, the pipelines' counters ---

resource "google_monitoring_dashboard" "operations" {
  project = var.project_id
  dashboard_json = templatefile("${path.module}/monitoring/dashboard.json.tftpl", {
    display_name     = "GMA operations (${local.prefix})"
    webhook_service  = google_cloud_run_v2_service.webhook.name
    dlq_subscription = google_pubsub_subscription.dlq.name
    leech_job        = local.leech_job_name
  })
  depends_on = [google_project_service.apis]
}
