# The GitHub Metrics Aggregator in a project that already runs other things, with BigQuery in a
# second project (a data platform's), analysts and the platform team given access by group, and the
# logs bucket keeping the name it had under the original module.

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

  project_id           = var.project_id
  big_query_project_id = var.big_query_project_id
  region               = var.region
  name_prefix          = var.name_prefix
  enable_apis          = var.enable_apis
  dataset_id           = var.dataset_id
  bigquery_location    = var.bigquery_location
  labels               = var.labels

  webhook_image           = var.webhook_image
  retry_image             = var.retry_image
  github_app_id           = var.github_app_id
  leech_template_gcs_path = var.leech_template_gcs_path
  leech_bucket_name       = var.leech_bucket_name

  # Analysts read the data (and run queries in the BigQuery project, for Looker Studio); the data
  # team owns the dataset.
  dataset_iam = {
    owners  = var.data_owners
    viewers = var.analysts
  }
  dataset_viewers_job_user = true

  # The webhook stays public (invokers default to ["allUsers"]): GitHub cannot present Google
  # credentials, and the service checks every request's signature or token.
  webhook_service_iam = {
    admins     = var.platform_admins
    developers = var.platform_developers
  }
  retry_service_iam = {
    owners  = var.platform_admins
    editors = var.platform_developers
    viewers = var.platform_viewers
  }

  webhook_domains       = var.webhook_domains
  notification_channels = var.notification_channels
}
