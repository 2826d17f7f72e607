# Names and settings shared by the files of the module; each file holds one concern.

data "google_project" "this" {
  project_id = var.project_id
}

# The project of the BigQuery dataset (big_query_project_id, by default project_id): its number names
# the BigQuery Data Transfer Service agent that runs the scheduled query.
data "google_project" "bigquery" {
  project_id = local.bigquery_project_id
}

locals {
  prefix = var.name_prefix
  labels = merge({ "app" = "github-metrics-aggregator" }, var.labels)

  # BigQuery may live in its own project: the dataset, its tables, the derived tables, the scheduled
  # query and its account, and the target of the BigQuery subscription all follow it.
  bigquery_project_id     = coalesce(var.big_query_project_id, var.bigquery_project_id, var.project_id)
  bigquery_in_own_project = local.bigquery_project_id != var.project_id

  # Table name => timestamp column of its daily partitions. The schema of each is
  # schemas/<table>.json, the single source of truth the services and the local store also read.
  tables = {
    events         = "received"
    failure_events = "created"
    checkpoint     = "created"
    redeliveries   = "attempted_at"
    leech_status   = "processed_at"
  }
  table_clustering = {
    events = ["event", "organization_name", "repository_full_name"]
  }

  # Views, views/<name>.sql, by tier: a view reads only tables and views of lower tiers. Only the
  # ad-hoc events_unique is left; analysts read the derived tables of analytics.tf.
  view_tiers = [
    ["events_unique"],
  ]
  view_template_vars = {
    project                        = local.bigquery_project_id
    dataset                        = var.dataset_id
    production_environment_pattern = var.production_environment_pattern
    incident_label_pattern         = var.incident_label_pattern
  }

  pubsub_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}
