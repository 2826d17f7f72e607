# The dashboard (dashboard/ module, docs/dashboard.md): pages of DORA, delivery-flow, CI and deployment
# figures read from the derived tables. A private Cloud Run service: only the members of
# dashboard_invokers may call it (no public grant). It runs as its own account, which may read the
# analyst tables and the teams table (table-level grants, not the dataset: raw events stay out of
# reach) and run query jobs; every query is capped by dashboard_maximum_bytes_billed.
# The service exists once dashboard_image is set; the account, its grants and the teams table always do.

# Repository-to-team mapping for the team filter (fill it with INSERT statements or a load job of a CSV).
resource "google_bigquery_table" "teams" {
  project             = local.bigquery_project_id
  dataset_id          = google_bigquery_dataset.this.dataset_id
  table_id            = "teams"
  description         = "Repository-to-team mapping read by the dashboard's team filter: one row per (team, repository_full_name); see docs/dashboard.md."
  schema              = file("${path.module}/dashboard/teams.json")
  labels              = local.labels
  deletion_protection = var.deletion_protection
}

resource "google_service_account" "dashboard" {
  project      = var.project_id
  account_id   = "${local.prefix}-dashboard"
  display_name = "GMA dashboard (reads the derived tables)"
  depends_on   = [google_project_service.apis]
}

resource "google_bigquery_table_iam_member" "dashboard_reads_derived" {
  for_each = toset(local.analyst_tables)

  project    = local.bigquery_project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  table_id   = google_bigquery_table.analytics[each.key].table_id
  role       = "roles/bigquery.dataViewer"
  member     = "serviceAccount:${google_service_account.dashboard.email}"
}

resource "google_bigquery_table_iam_member" "dashboard_reads_teams" {
  project    = local.bigquery_project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  table_id   = google_bigquery_table.teams.table_id
  role       = "roles/bigquery.dataViewer"
  member     = "serviceAccount:${google_service_account.dashboard.email}"
}

# Its queries run as jobs of the dataset's project.
resource "google_project_iam_member" "dashboard_runs_jobs" {
  project = local.bigquery_project_id
  role    = "roles/bigquery.jobUser"
  member  = "serviceAccount:${google_service_account.dashboard.email}"
}

resource "google_cloud_run_v2_service" "dashboard" {
  count = var.dashboard_image == "" ? 0 : 1

  project             = var.project_id
  name                = "${local.prefix}-dashboard"
  location            = var.region
  labels              = local.labels
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = var.deletion_protection

  template {
    service_account                  = google_service_account.dashboard.email
    timeout                          = "60s"
    max_instance_request_concurrency = 40

    scaling {
      min_instance_count = 0
      max_instance_count = 2
    }

    containers {
      image = var.dashboard_image

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "1Gi"
        }
        cpu_idle = true
      }

      env {
        name  = "MICRONAUT_ENVIRONMENTS"
        value = "gcp"
      }
      env {
        name  = "PROJECT_ID"
        value = var.project_id
      }
      env {
        name  = "BIG_QUERY_PROJECT_ID"
        value = local.bigquery_project_id
      }
      env {
        name  = "DATASET_ID"
        value = google_bigquery_dataset.this.dataset_id
      }
      env {
        name  = "TEAMS_TABLE_ID"
        value = google_bigquery_table.teams.table_id
      }
      env {
        name  = "MAXIMUM_BYTES_BILLED"
        value = tostring(var.dashboard_maximum_bytes_billed)
      }

      startup_probe {
        http_get {
          path = "/health"
        }
        period_seconds    = 2
        failure_threshold = 30
      }
    }
  }

  depends_on = [
    google_bigquery_table_iam_member.dashboard_reads_derived,
    google_bigquery_table_iam_member.dashboard_reads_teams,
    google_project_iam_member.dashboard_runs_jobs,
  ]
}

# Private: only these members may open it (people through `gcloud run services proxy`, or IAP /
# a load balancer in front of it); never a public grant (the variable refuses one).
resource "google_cloud_run_v2_service_iam_member" "dashboard_invokers" {
  for_each = var.dashboard_image == "" ? toset([]) : toset(var.dashboard_invokers)

  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.dashboard[0].name
  role     = "roles/run.invoker"
  member   = each.value
}
