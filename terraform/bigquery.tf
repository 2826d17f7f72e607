resource "google_bigquery_dataset" "this" {
  project                    = local.bigquery_project_id
  dataset_id                 = var.dataset_id
  location                   = var.bigquery_location
  description                = "GitHub webhook events captured by the GitHub Metrics Aggregator, and analyst views over them."
  labels                     = local.labels
  delete_contents_on_destroy = !var.deletion_protection

  lifecycle {
    precondition {
      condition     = var.big_query_project_id == null || var.bigquery_project_id == null || var.big_query_project_id == var.bigquery_project_id
      error_message = "big_query_project_id and bigquery_project_id (its name in the original module) are both set, to different projects: set one."
    }
  }

  depends_on = [google_project_service.apis, google_project_service.bigquery_project_apis]
}

resource "google_bigquery_table" "tables" {
  for_each = local.tables

  project             = local.bigquery_project_id
  dataset_id          = google_bigquery_dataset.this.dataset_id
  table_id            = each.key
  schema              = file("${path.module}/schemas/${each.key}.json")
  clustering          = lookup(local.table_clustering, each.key, null)
  labels              = local.labels
  deletion_protection = var.deletion_protection

  time_partitioning {
    type  = "DAY"
    field = each.value
  }
}

# The one view: events_unique, the deduplicated ledger for ad-hoc queries (it reads all of events:
# the expensive path). Analysts read the derived tables of analytics.tf.

resource "google_bigquery_table" "views_tier0" {
  for_each = toset(local.view_tiers[0])

  project             = local.bigquery_project_id
  dataset_id          = google_bigquery_dataset.this.dataset_id
  table_id            = each.key
  labels              = local.labels
  deletion_protection = false

  view {
    query          = templatefile("${path.module}/views/${each.key}.sql", local.view_template_vars)
    use_legacy_sql = false
  }

  depends_on = [google_bigquery_table.tables]
}
