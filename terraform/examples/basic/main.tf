# The smallest root module using the GitHub Metrics Aggregator module.

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.14"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

module "gma" {
  source = "../.."

  project_id              = var.project_id
  region                  = var.region
  webhook_image           = var.webhook_image
  retry_image             = var.retry_image
  github_app_id           = var.github_app_id
  leech_template_gcs_path = var.leech_template_gcs_path
  notification_channels   = var.notification_channels
}
