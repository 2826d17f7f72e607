variable "project_id" {
  type        = string
  description = "Existing project of the services, topics, buckets, secrets and jobs."
}

variable "big_query_project_id" {
  type        = string
  description = "Second, existing project of the BigQuery dataset and the scheduled query."
}

variable "region" {
  type        = string
  description = "Region of the services and jobs."
  default     = "us-central1"
}

variable "name_prefix" {
  type        = string
  description = "Prefix of the resource names; keep the one the project already uses."
  default     = "gma"
}

variable "enable_apis" {
  type        = bool
  description = "Enable the Google APIs in both projects; false when a platform team enables APIs elsewhere."
  default     = true
}

variable "dataset_id" {
  type        = string
  description = "BigQuery dataset in big_query_project_id."
  default     = "github_metrics"
}

variable "bigquery_location" {
  type        = string
  description = "Location of the dataset."
  default     = "US"
}

variable "labels" {
  type        = map(string)
  description = "Labels on every resource, e.g. the owning team and cost centre."
  default     = {}
}

variable "webhook_image" {
  type        = string
  description = "Container image of the webhook service."
}

variable "retry_image" {
  type        = string
  description = "Container image of the retry service."
}

variable "github_app_id" {
  type        = string
  description = "Numeric ID of the GitHub App."
}

variable "leech_template_gcs_path" {
  type        = string
  description = "gs:// path of the leech Flex Template spec."
}

variable "leech_bucket_name" {
  type        = string
  description = "Name of the workflow-logs bucket (the original module's bucket name, to keep it); null for the module's default."
  default     = null
}

variable "data_owners" {
  type        = list(string)
  description = "Principals owning the dataset (roles/bigquery.dataOwner), e.g. group:data-platform@example.com."
  default     = []
}

variable "analysts" {
  type        = list(string)
  description = "Principals reading the dataset and running queries (Looker Studio), e.g. group:eng-analytics@example.com."
  default     = []
}

variable "platform_admins" {
  type        = list(string)
  description = "Principals administering the two Cloud Run services."
  default     = []
}

variable "platform_developers" {
  type        = list(string)
  description = "Principals deploying revisions of the two Cloud Run services."
  default     = []
}

variable "platform_viewers" {
  type        = list(string)
  description = "Principals who may look at the retry service's configuration."
  default     = []
}

variable "webhook_domains" {
  type        = list(string)
  description = "Custom domains of the webhook (global HTTPS load balancer with a managed certificate); empty for the Cloud Run URL."
  default     = []
}

variable "notification_channels" {
  type        = list(string)
  description = "Monitoring notification channel IDs for the alerts."
  default     = []
}
