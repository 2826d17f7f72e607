resource "google_project_service" "apis" {
  for_each = var.enable_apis ? toset([
    "bigquery.googleapis.com",
    "bigquerydatatransfer.googleapis.com",
    "cloudscheduler.googleapis.com",
    "dataflow.googleapis.com",
    "iam.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
  ]) : toset([])

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

# BigQuery in its own project (big_query_project_id): the APIs of the dataset and the scheduled query there.
resource "google_project_service" "bigquery_project_apis" {
  for_each = var.enable_apis && local.bigquery_in_own_project ? toset([
    "bigquery.googleapis.com",
    "bigquerydatatransfer.googleapis.com",
  ]) : toset([])

  project            = local.bigquery_project_id
  service            = each.value
  disable_on_destroy = false
}
