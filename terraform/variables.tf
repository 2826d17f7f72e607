variable "project_id" {
  type        = string
  description = "Google Cloud project that holds every resource of the system."
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a Google Cloud project ID: 6 to 30 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run services, the Scheduler jobs and the Dataflow jobs."
  default     = "us-central1"
  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]$", var.region))
    error_message = "region must be a Google Cloud region such as us-central1 or europe-west1."
  }
}

variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name (service accounts, topics, services, buckets with the project ID)."
  default     = "gma"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,11}$", var.name_prefix))
    error_message = "name_prefix must be 2 to 12 lowercase letters, digits or hyphens, starting with a letter (service account IDs are at most 30 characters)."
  }
}

variable "enable_apis" {
  type        = bool
  description = "Enable the Google APIs the system uses in the project (never disabled on destroy)."
  default     = true
}

variable "labels" {
  type        = map(string)
  description = "Labels put on every resource that takes labels."
  default     = {}
}

# --- BigQuery ------------------------------------------------------------------------------

variable "big_query_project_id" {
  type        = string
  description = "Project of the BigQuery dataset, its tables, the derived tables and their scheduled query (BIG_QUERY_PROJECT_ID of the services); null for project_id. The module grants every account, and Pub/Sub's service agent, what it needs there."
  default     = null
  validation {
    condition     = var.big_query_project_id == null || can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.big_query_project_id))
    error_message = "big_query_project_id must be null or a Google Cloud project ID: 6 to 30 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "bigquery_project_id" {
  type        = string
  description = "The original Go project's module name of big_query_project_id, accepted so that its callers need not rename the argument; set one of the two (if both are set they must be equal)."
  default     = null
  validation {
    condition     = var.bigquery_project_id == null || can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.bigquery_project_id))
    error_message = "bigquery_project_id must be null or a Google Cloud project ID."
  }
}

variable "dataset_id" {
  type        = string
  description = "BigQuery dataset of the tables and the analyst views."
  default     = "github_metrics"
  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_]*$", var.dataset_id)) && length(var.dataset_id) <= 1024
    error_message = "dataset_id may hold only letters, digits and underscores (at most 1024)."
  }
}

variable "bigquery_location" {
  type        = string
  description = "Location of the BigQuery dataset (US, EU or a region)."
  default     = "US"
}

variable "deletion_protection" {
  type        = bool
  description = "Protect the tables, the dataset contents and the services from `terraform destroy`."
  default     = true
}

variable "production_environment_pattern" {
  type        = string
  description = "RE2 regular expression a deployment environment must match to count as production in the DORA views (the local SQLite views use the default)."
  default     = "(?i)^prod"
  validation {
    condition     = can(regexall(var.production_environment_pattern, "")) && !strcontains(var.production_environment_pattern, "'")
    error_message = "production_environment_pattern must be a valid RE2 regular expression without single quotes (it is embedded in a raw SQL string r'...')."
  }
}

variable "incident_label_pattern" {
  type        = string
  description = "RE2 regular expression an issue label must match for the issue to count as a production incident in the DORA views."
  default     = "(?i)^incident$"
  validation {
    condition     = can(regexall(var.incident_label_pattern, "")) && !strcontains(var.incident_label_pattern, "'")
    error_message = "incident_label_pattern must be a valid RE2 regular expression without single quotes (it is embedded in a raw SQL string r'...')."
  }
}

# --- Pub/Sub -------------------------------------------------------------------------------

variable "bigquery_subscription_max_delivery_attempts" {
  type        = number
  description = "Attempts of the BigQuery subscription to write a message before it goes to the dead-letter topic."
  default     = 10
  validation {
    condition     = var.bigquery_subscription_max_delivery_attempts >= 5 && var.bigquery_subscription_max_delivery_attempts <= 100
    error_message = "Pub/Sub accepts 5 to 100 delivery attempts."
  }
}

variable "dlq_retention" {
  type        = string
  description = "How long the dead-letter subscription keeps unacknowledged messages (Pub/Sub duration, at most 31 days)."
  default     = "604800s"
  validation {
    condition     = can(regex("^[0-9]+s$", var.dlq_retention))
    error_message = "dlq_retention must be a duration in seconds such as 604800s."
  }
}

# --- Cloud Run -----------------------------------------------------------------------------

variable "webhook_image" {
  type        = string
  description = "Container image of the webhook service (Artifact Registry path with a tag or digest)."
  validation {
    condition     = length(var.webhook_image) > 0
    error_message = "webhook_image is required."
  }
}

variable "retry_image" {
  type        = string
  description = "Container image of the retry service (Artifact Registry path with a tag or digest)."
  validation {
    condition     = length(var.retry_image) > 0
    error_message = "retry_image is required."
  }
}

variable "webhook_max_instances" {
  type        = number
  description = "Upper bound of webhook service instances."
  default     = 10
  validation {
    condition     = var.webhook_max_instances >= 1
    error_message = "webhook_max_instances must be at least 1."
  }
}

variable "webhook_min_instances" {
  type        = number
  description = "Webhook instances kept warm (1 avoids cold starts on GitHub's 10 s delivery timeout)."
  default     = 1
  validation {
    condition     = var.webhook_min_instances >= 0
    error_message = "webhook_min_instances cannot be negative."
  }
}

variable "retry_limit" {
  type        = number
  description = "RETRY_LIMIT: failed publishes of one delivery before it goes to the DLQ, and redeliveries asked for one GUID."
  default     = 5
  validation {
    condition     = var.retry_limit >= 1 && var.retry_limit <= 100
    error_message = "retry_limit must be between 1 and 100."
  }
}

variable "lock_ttl" {
  type        = string
  description = "LOCK_TTL: lifetime of the retry service's lease before another run may take it over."
  default     = "5m"
  validation {
    condition     = can(regex("^[0-9]+(ms|s|m|h)$", var.lock_ttl))
    error_message = "lock_ttl must be a duration such as 30s, 5m or 1h."
  }
}

variable "lock_ttl_clock_skew" {
  type        = string
  description = "LOCK_TTL_CLOCK_SKEW: margin added to a lease's expiry before it counts as expired."
  default     = "10s"
  validation {
    condition     = can(regex("^[0-9]+(ms|s|m|h)$", var.lock_ttl_clock_skew))
    error_message = "lock_ttl_clock_skew must be a duration such as 10s."
  }
}

variable "retry_run_timeout_seconds" {
  type        = number
  description = "Time budget of one retry run (RUN_TIMEOUT); also the Cloud Run request timeout and the Scheduler attempt deadline (at most 1800 s)."
  default     = 1500
  validation {
    condition     = var.retry_run_timeout_seconds >= 60 && var.retry_run_timeout_seconds <= 1800
    error_message = "retry_run_timeout_seconds must be between 60 and 1800 (Cloud Scheduler's longest HTTP deadline)."
  }
}

# --- GitHub --------------------------------------------------------------------------------

variable "github_app_id" {
  type        = string
  description = "ID of the GitHub App whose webhook deliveries are captured (GITHUB_APP_ID)."
  validation {
    condition     = can(regex("^[0-9]+$", var.github_app_id))
    error_message = "github_app_id is the App's numeric ID."
  }
}

variable "github_api_base_url" {
  type        = string
  description = "GitHub REST API base URL: https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server."
  default     = "https://api.github.com"
  validation {
    condition     = can(regex("^https://", var.github_api_base_url))
    error_message = "github_api_base_url must be an https URL."
  }
}

# --- Schedules and the leech pipeline ------------------------------------------------------

variable "retry_schedule" {
  type        = string
  description = "Cron schedule (UTC) of the retry runs."
  default     = "0 * * * *"
  validation {
    condition     = length(split(" ", trimspace(var.retry_schedule))) == 5
    error_message = "retry_schedule must be a five-field cron expression."
  }
}

variable "leech_schedule" {
  type        = string
  description = "Cron schedule (UTC) of the leech Dataflow job that archives workflow run logs."
  default     = "30 */6 * * *"
  validation {
    condition     = length(split(" ", trimspace(var.leech_schedule))) == 5
    error_message = "leech_schedule must be a five-field cron expression."
  }
}

variable "leech_template_gcs_path" {
  type        = string
  description = "gs:// path of the leech pipeline's Flex Template spec file (built with `gcloud dataflow flex-template build`)."
  validation {
    condition     = can(regex("^gs://[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]/.+\\.json$", var.leech_template_gcs_path))
    error_message = "leech_template_gcs_path must look like gs://bucket/path/leech.json."
  }
}

variable "grant_template_bucket_read" {
  type        = bool
  description = "Grant the leech launcher and worker accounts read access to the bucket of leech_template_gcs_path (turn off when that bucket is managed elsewhere)."
  default     = true
}

variable "leech_batch_size" {
  type        = number
  description = "batchSize of the leech pipeline: workflow runs handled per job."
  default     = 500
  validation {
    condition     = var.leech_batch_size >= 1
    error_message = "leech_batch_size must be at least 1."
  }
}

variable "leech_max_attempts" {
  type        = number
  description = "maxAttempts of the leech pipeline: tries of a run's logs before it is left as FAILURE."
  default     = 5
  validation {
    condition     = var.leech_max_attempts >= 1
    error_message = "leech_max_attempts must be at least 1."
  }
}

variable "leech_max_workers" {
  type        = number
  description = "Upper bound of Dataflow workers of one leech job."
  default     = 2
  validation {
    condition     = var.leech_max_workers >= 1
    error_message = "leech_max_workers must be at least 1."
  }
}

# --- Storage -------------------------------------------------------------------------------

variable "storage_location" {
  type        = string
  description = "Location of the Cloud Storage buckets (a region or a multi-region such as US)."
  default     = "US"
}

variable "logs_retention_days" {
  type        = number
  description = "Days an archived workflow-run log is kept before the lifecycle rule deletes it."
  default     = 400
  validation {
    condition     = var.logs_retention_days >= 1
    error_message = "logs_retention_days must be at least 1."
  }
}

variable "logs_nearline_after_days" {
  type        = number
  description = "Days after which archived logs move to the NEARLINE storage class (0 keeps them STANDARD)."
  default     = 30
  validation {
    condition     = var.logs_nearline_after_days >= 0
    error_message = "logs_nearline_after_days cannot be negative."
  }
}

# --- Monitoring ----------------------------------------------------------------------------

variable "notification_channels" {
  type        = list(string)
  description = "Monitoring notification channel IDs (projects/<p>/notificationChannels/<id>) the alert policies notify."
  default     = []
}

variable "webhook_5xx_per_second_threshold" {
  type        = number
  description = "Webhook 5xx responses per second, sustained for 5 minutes, that raise an alert."
  default     = 0.05
  validation {
    condition     = var.webhook_5xx_per_second_threshold > 0
    error_message = "webhook_5xx_per_second_threshold must be positive."
  }
}

variable "analytics_refresh_minutes" {
  description = "How often the scheduled query refreshes the derived tables, in minutes."
  type        = number
  default     = 30
  validation {
    condition     = var.analytics_refresh_minutes >= 15 && var.analytics_refresh_minutes <= 1440 && floor(var.analytics_refresh_minutes) == var.analytics_refresh_minutes
    error_message = "analytics_refresh_minutes must be a whole number of minutes from 15 to 1440."
  }
}

variable "analytics_lookback_days" {
  description = "Days of events partitions each refresh reads. A delivery that lands in the events table later than this after its receipt is only picked up by a rebuild."
  type        = number
  default     = 3
  validation {
    condition     = var.analytics_lookback_days >= 1 && var.analytics_lookback_days <= 30 && floor(var.analytics_lookback_days) == var.analytics_lookback_days
    error_message = "analytics_lookback_days must be a whole number of days from 1 to 30."
  }
}

variable "dora_horizon_days" {
  description = "How far every DORA link reaches (a change to the deployment that shipped it and to its first commit, an incident to its deployment, a failure to its recovery, a deployment to its completion): a definition of the DORA tables, and what keeps a refresh's reads flat. After changing it, run analytics_rebuild_sql once."
  type        = number
  default     = 90
  validation {
    condition     = var.dora_horizon_days >= 7 && var.dora_horizon_days <= 365 && floor(var.dora_horizon_days) == var.dora_horizon_days
    error_message = "dora_horizon_days must be a whole number of days from 7 to 365."
  }
}

variable "looker_studio_template_report_id" {
  description = "Looker Studio report to copy for looker_studio_report_url; empty for a blank report."
  type        = string
  default     = ""
  validation {
    condition     = can(regex("^[A-Za-z0-9_-]*$", var.looker_studio_template_report_id))
    error_message = "looker_studio_template_report_id must be a report ID (letters, digits, - and _), or empty."
  }
}

variable "looker_studio_report_name" {
  description = "Name of the report looker_studio_report_url creates."
  type        = string
  default     = "GitHub metrics"
}

variable "retry_events_lookup_margin_days" {
  description = "How far before the oldest delivery of a page the retry service looks for it in events (covers redelivery chains); bounds the partitions each look-up reads."
  type        = number
  default     = 7
  validation {
    condition     = var.retry_events_lookup_margin_days >= 1 && var.retry_events_lookup_margin_days <= 30 && floor(var.retry_events_lookup_margin_days) == var.retry_events_lookup_margin_days
    error_message = "retry_events_lookup_margin_days must be a whole number of days from 1 to 30."
  }
}

# --- Access --------------------------------------------------------------------------------
# Members are IAM principals: user:, group:, serviceAccount:, domain:, principal: or principalSet:.
# Every grant is additive (…_iam_member): grants made outside the module are left alone.

variable "dataset_iam" {
  type = object({
    owners  = optional(list(string), [])
    editors = optional(list(string), [])
    viewers = optional(list(string), [])
  })
  description = "Access to the BigQuery dataset: owners get roles/bigquery.dataOwner, editors roles/bigquery.dataEditor, viewers (analysts, Looker Studio users) roles/bigquery.dataViewer, on the dataset only."
  default = {
    owners  = []
    editors = []
    viewers = []
  }
  validation {
    condition = alltrue([
      for m in concat(var.dataset_iam.owners, var.dataset_iam.editors, var.dataset_iam.viewers) :
      can(regex("^(user|group|serviceAccount|domain|principal|principalSet):.+$", m))
    ])
    error_message = "dataset_iam members must be IAM principals such as user:ana@example.com or group:analysts@example.com; the data is never public."
  }
}

variable "dataset_viewers_job_user" {
  type        = bool
  description = "Also grant dataset_iam.viewers roles/bigquery.jobUser on the BigQuery project, so that they (and Looker Studio with their credentials) can run queries; turn off when they get it elsewhere."
  default     = true
}

variable "webhook_service_iam" {
  type = object({
    admins     = optional(list(string), [])
    developers = optional(list(string), [])
    invokers   = optional(list(string), ["allUsers"])
  })
  description = "Access to the webhook Cloud Run service: admins get roles/run.admin, developers roles/run.developer (both with roles/iam.serviceAccountUser on the webhook's account, to deploy revisions), invokers roles/run.invoker. Invokers default to allUsers: GitHub, CI/CD pipelines and PagerDuty cannot present Google credentials, and every request is checked in the service (HMAC signature or bearer token)."
  default = {
    admins     = []
    developers = []
    invokers   = ["allUsers"]
  }
  validation {
    condition = alltrue([
      for m in concat(var.webhook_service_iam.admins, var.webhook_service_iam.developers) :
      can(regex("^(user|group|serviceAccount|domain|principal|principalSet):.+$", m))
    ])
    error_message = "webhook_service_iam admins and developers must be IAM principals such as group:platform@example.com (never public)."
  }
  validation {
    condition = alltrue([
      for m in var.webhook_service_iam.invokers :
      can(regex("^((user|group|serviceAccount|domain|principal|principalSet):.+|allUsers|allAuthenticatedUsers)$", m))
    ])
    error_message = "webhook_service_iam invokers must be IAM principals, allUsers or allAuthenticatedUsers."
  }
}

variable "retry_service_iam" {
  type = object({
    owners     = optional(list(string), [])
    editors    = optional(list(string), [])
    viewers    = optional(list(string), [])
    admins     = optional(list(string), [])
    developers = optional(list(string), [])
    invokers   = optional(list(string), [])
  })
  description = "Access to the private retry Cloud Run service: owners (or admins, the original module's name) get roles/run.admin, editors (or developers) roles/run.developer, both with roles/iam.serviceAccountUser on the retry account to deploy revisions; viewers get roles/run.viewer, invokers roles/run.invoker (to start a run by hand: bin/gma retry now). The retry scheduler's account always invokes it."
  default = {
    owners  = []
    editors = []
    viewers = []
  }
  validation {
    condition = alltrue([
      for m in concat(var.retry_service_iam.owners, var.retry_service_iam.editors, var.retry_service_iam.viewers,
      var.retry_service_iam.admins, var.retry_service_iam.developers, var.retry_service_iam.invokers) :
      can(regex("^(user|group|serviceAccount|domain|principal|principalSet):.+$", m))
    ])
    error_message = "retry_service_iam members must be IAM principals such as group:platform@example.com; the retry service is never public."
  }
}

variable "leech_bucket_name" {
  type        = string
  description = "Name of the bucket of archived workflow-run logs; null for <project_id>-<name_prefix>-logs. Changing it on an applied module replaces the bucket (move the objects first)."
  default     = null
  validation {
    condition     = var.leech_bucket_name == null || can(regex("^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$", var.leech_bucket_name))
    error_message = "leech_bucket_name must be null or a bucket name of 3 to 63 lowercase letters, digits, hyphens or underscores (no dots: dotted names need a verified domain)."
  }
}

variable "dashboard_image" {
  type        = string
  description = "Container image of the dashboard (dashboard/ module, built with Jib like the services); empty to deploy no dashboard service (its account, grants and the teams table are created anyway)."
  default     = ""
}

variable "dashboard_invokers" {
  type        = list(string)
  description = "Members allowed to call the private dashboard service (roles/run.invoker), e.g. group:engineering-managers@example.com. Never public."
  default     = []
  validation {
    condition     = alltrue([for m in var.dashboard_invokers : can(regex("^(user|group|serviceAccount|domain|principal|principalSet):.+$", m))])
    error_message = "dashboard_invokers must be IAM principals such as group:managers@example.com; the dashboard is never public."
  }
}

variable "dashboard_maximum_bytes_billed" {
  type        = number
  description = "Cap on the bytes one dashboard query may bill (BigQuery maximumBytesBilled); a query over it fails instead of costing more. Default 1 GiB."
  default     = 1073741824
  validation {
    condition     = var.dashboard_maximum_bytes_billed > 0 && floor(var.dashboard_maximum_bytes_billed) == var.dashboard_maximum_bytes_billed
    error_message = "dashboard_maximum_bytes_billed must be a positive whole number of bytes."
  }
}

# --- Custom domain of the webhook ----------------------------------------------------------

variable "webhook_domains" {
  type        = list(string)
  description = "Domains of the webhook (e.g. github-webhook.example.com): when set, a global external HTTPS load balancer with a serverless NEG for the webhook service and a Google-managed certificate for these domains; point their A records at output webhook_ip. Empty: the Cloud Run URL."
  default     = []
  validation {
    condition = length(var.webhook_domains) <= 100 && alltrue([
      for d in var.webhook_domains : can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", d))
    ])
    error_message = "webhook_domains must be at most 100 lowercase fully qualified domain names without wildcards (Google-managed certificates cover named domains only)."
  }
}

variable "webhook_load_balancer_only" {
  type        = bool
  description = "With webhook_domains, accept webhook requests only through the load balancer (Cloud Run ingress INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER): the run.app URL then refuses them. Turn on once the GitHub App, pipelines and PagerDuty use the domain. Ignored without webhook_domains."
  default     = false
}
