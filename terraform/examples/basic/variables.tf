variable "project_id" {
  type        = string
  description = "Google Cloud project to deploy into."
}

variable "region" {
  type        = string
  description = "Region of the services and jobs."
  default     = "us-central1"
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

variable "notification_channels" {
  type        = list(string)
  description = "Monitoring notification channel IDs for the alerts."
  default     = []
}
