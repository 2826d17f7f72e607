# Derived tables for analysts, refreshed incrementally by a BigQuery scheduled query.
#
# One table per analyst object and per DORA metric (analytics/tables.json: partition column and kind;
# analytics/schemas/<table>.json: columns). One script (analytics/refresh/steps.txt, in order) brings
# them all up to date: it reads only the events partitions of the last analytics_lookback_days days,
# upserts each object newest-state-wins, and recomputes the DORA days whose inputs changed. No
# watermark on the newest received time: a late or redelivered row is read by every refresh whose window holds it.

locals {
  analytics_tables = jsondecode(file("${path.module}/analytics/tables.json"))
  analytics_columns = {
    for t, _ in local.analytics_tables : t => [for c in jsondecode(file("${path.module}/analytics/schemas/${t}.json")) : c.name]
  }
  analytics_steps = [
    for line in split("\n", file("${path.module}/analytics/refresh/steps.txt")) : split(" ", trimspace(line))
    if trimspace(line) != "" && !startswith(trimspace(line), "#")
  ]
  analytics_statements = join("\n", [
    for step in local.analytics_steps : templatefile("${path.module}/analytics/refresh/${step[0]}.sql", merge(local.view_template_vars, {
      snapshot             = length(step) > 1 ? step[1] : ""
      update_all_columns   = join(", ", [for c in lookup(local.analytics_columns, step[0], []) : "${c} = s.${c}"])
      update_state_columns = join(", ", [for c in lookup(local.analytics_columns, step[0], []) : "${c} = s.${c}" if !contains(try(local.analytics_tables[step[0]].refreshed_separately, []), c)])
    }))
  ])
  # The bounds the steps set (analytics/refresh/variables.sql): declared up front, as BigQuery requires.
  analytics_variables = templatefile("${path.module}/analytics/refresh/variables.sql", { dora_horizon_days = var.dora_horizon_days })
  # The scheduled refresh: the window ends at the run time; one transaction, so readers never see a
  # half-refreshed dataset and a failed run leaves the tables as they were (the next run redoes it).
  analytics_refresh_script = join("\n", [
    "DECLARE window_start TIMESTAMP DEFAULT TIMESTAMP_SUB(@run_time, INTERVAL ${var.analytics_lookback_days} DAY);",
    local.analytics_variables,
    "BEGIN TRANSACTION;",
    local.analytics_statements,
    "COMMIT TRANSACTION;",
  ])
  # The rebuild from all of history (first install, or after a definition changed): empty every
  # derived table, then the same statements over a window that starts at the epoch.
  analytics_rebuild_script = join("\n", concat(
    ["DECLARE window_start TIMESTAMP DEFAULT TIMESTAMP '1970-01-01 00:00:00+00';", local.analytics_variables, "BEGIN TRANSACTION;"],
    [for t, _ in local.analytics_tables : "DELETE FROM `${local.bigquery_project_id}.${var.dataset_id}.${t}` WHERE TRUE;"],
    [local.analytics_statements, "COMMIT TRANSACTION;"],
  ))
  analyst_tables = [for t, spec in local.analytics_tables : t if spec.kind != "internal"]
}

resource "google_bigquery_table" "analytics" {
  for_each = local.analytics_tables

  project             = local.bigquery_project_id
  dataset_id          = google_bigquery_dataset.this.dataset_id
  table_id            = each.key
  description         = "Derived table (${each.value.kind}), refreshed every ${var.analytics_refresh_minutes} minutes from the events of the last ${var.analytics_lookback_days} days; see docs/analytics.md."
  schema              = file("${path.module}/analytics/schemas/${each.key}.json")
  clustering          = contains(local.analytics_columns[each.key], "organization_name") ? ["organization_name", "repository_full_name"] : ["repository_full_name"]
  labels              = local.labels
  deletion_protection = var.deletion_protection

  time_partitioning {
    type  = "DAY"
    field = each.value.partition
  }

  depends_on = [google_bigquery_table.tables]
}

# --- the refresh runs as its own account: it reads events and leech_status, writes the derived tables ---

resource "google_service_account" "analytics" {
  project      = local.bigquery_project_id
  account_id   = "${local.prefix}-analytics"
  display_name = "GMA analytics refresh (BigQuery scheduled query)"
  depends_on   = [google_project_service.apis, google_project_service.bigquery_project_apis]
}

resource "google_bigquery_table_iam_member" "analytics_reads_sources" {
  for_each = toset(["events", "leech_status"])

  project    = local.bigquery_project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  table_id   = google_bigquery_table.tables[each.key].table_id
  role       = "roles/bigquery.dataViewer"
  member     = "serviceAccount:${google_service_account.analytics.email}"
}

resource "google_bigquery_table_iam_member" "analytics_writes_derived" {
  for_each = local.analytics_tables

  project    = local.bigquery_project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  table_id   = google_bigquery_table.analytics[each.key].table_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:${google_service_account.analytics.email}"
}

resource "google_project_iam_member" "analytics_runs_jobs" {
  project = local.bigquery_project_id
  role    = "roles/bigquery.jobUser"
  member  = "serviceAccount:${google_service_account.analytics.email}"
}

# The BigQuery Data Transfer Service runs the scheduled query with tokens of the account above.
resource "google_service_account_iam_member" "analytics_token_for_transfer_service" {
  service_account_id = google_service_account.analytics.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:service-${data.google_project.bigquery.number}@gcp-sa-bigquerydatatransfer.iam.gserviceaccount.com"
}

resource "google_bigquery_data_transfer_config" "analytics_refresh" {
  project              = local.bigquery_project_id
  display_name         = "${local.prefix}-analytics-refresh"
  location             = var.bigquery_location
  data_source_id       = "scheduled_query"
  schedule             = "every ${var.analytics_refresh_minutes} minutes"
  service_account_name = google_service_account.analytics.email
  params = {
    query = local.analytics_refresh_script
  }

  depends_on = [
    google_bigquery_table.analytics,
    google_bigquery_table_iam_member.analytics_reads_sources,
    google_bigquery_table_iam_member.analytics_writes_derived,
    google_project_iam_member.analytics_runs_jobs,
    google_service_account_iam_member.analytics_token_for_transfer_service,
  ]
}

# --- Looker Studio: a report with every analyst table connected, through the Linking API ---

locals {
  looker_studio_sources = join("&", flatten([
    for i, t in local.analyst_tables : [
      "ds.ds${i}.connector=bigQuery",
      "ds.ds${i}.type=TABLE",
      "ds.ds${i}.projectId=${local.bigquery_project_id}",
      "ds.ds${i}.datasetId=${var.dataset_id}",
      "ds.ds${i}.tableId=${t}",
      "ds.ds${i}.datasourceName=${urlencode("GMA ${t}")}",
    ]
  ]))
  looker_studio_report_url = join("", [
    "https://lookerstudio.google.com/reporting/create?",
    var.looker_studio_template_report_id == "" ? "" : "c.reportId=${var.looker_studio_template_report_id}&",
    "r.reportName=${urlencode(var.looker_studio_report_name)}&",
    local.looker_studio_sources,
  ])
}
