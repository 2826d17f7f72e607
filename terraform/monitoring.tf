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
