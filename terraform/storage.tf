# Bucket names are global: the project ID keeps them unique.

resource "google_storage_bucket" "lock" {
  project                     = var.project_id
  name                        = "${var.project_id}-${local.prefix}-lock"
  location                    = var.storage_location
  labels                      = local.labels
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = !var.deletion_protection

  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket" "logs" {
  project                     = var.project_id
  name                        = coalesce(var.leech_bucket_name, "${var.project_id}-${local.prefix}-logs")
  location                    = var.storage_location
  labels                      = local.labels
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = !var.deletion_protection

  lifecycle_rule {
    condition {
      age = var.logs_retention_days
    }
    action {
      type = "Delete"
    }
  }

  dynamic "lifecycle_rule" {
    for_each = var.logs_nearline_after_days > 0 ? [var.logs_nearline_after_days] : []
    content {
      condition {
        age = lifecycle_rule.value
      }
      action {
        type          = "SetStorageClass"
        storage_class = "NEARLINE"
      }
    }
  }

  depends_on = [google_project_service.apis]
}

# Payloads over Pub/Sub's 10 MB message limit, stored whole; events rows carry their payload_uri.
# No lifecycle rule: these are events, and an event is never dropped.
resource "google_storage_bucket" "payloads" {
  project                     = var.project_id
  name                        = "${var.project_id}-${local.prefix}-payloads"
  location                    = var.storage_location
  labels                      = local.labels
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = !var.deletion_protection

  versioning {
    enabled = true
  }

  depends_on = [google_project_service.apis]
}

# Staging and temporary files of the leech Dataflow jobs.
resource "google_storage_bucket" "dataflow" {
  project                     = var.project_id
  name                        = "${var.project_id}-${local.prefix}-dataflow"
  location                    = var.storage_location
  labels                      = local.labels
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true

  lifecycle_rule {
    condition {
      age = 7
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}
