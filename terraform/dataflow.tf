# The leech pipeline runs as a Dataflow Flex Template launched by Cloud Scheduler (scheduler.tf).
# Its parameters (gmaDataDir is for local mode only and is not set here):

locals {
  leech_job_name = "${local.prefix}-leech"

  leech_parameters = {
    projectId                = local.bigquery_project_id # the project of the dataset the pipeline reads and writes
    datasetId                = google_bigquery_dataset.this.dataset_id
    eventsTableId            = google_bigquery_table.tables["events"].table_id
    bucketName               = google_storage_bucket.logs.name
    batchSize                = tostring(var.leech_batch_size)
    maxAttempts              = tostring(var.leech_max_attempts)
    githubApiBaseUrl         = var.github_api_base_url
    githubAppId              = var.github_app_id
    githubPrivateKeySecretId = "${google_secret_manager_secret.github_private_key.id}/versions/latest"
  }

  # Body of projects.locations.flexTemplates.launch. A launch while the previous job still runs
  # fails on the job name, so two leech jobs never overlap.
  leech_launch_body = {
    launchParameter = {
      jobName              = local.leech_job_name
      containerSpecGcsPath = var.leech_template_gcs_path
      parameters           = local.leech_parameters
      environment = {
        serviceAccountEmail  = google_service_account.leech.email
        tempLocation         = "gs://${google_storage_bucket.dataflow.name}/temp"
        stagingLocation      = "gs://${google_storage_bucket.dataflow.name}/staging"
        maxWorkers           = var.leech_max_workers
        additionalUserLabels = local.labels
      }
    }
  }

  leech_launch_uri      = "https://dataflow.googleapis.com/v1b3/projects/${var.project_id}/locations/${var.region}/flexTemplates:launch"
  leech_template_bucket = regex("^gs://([^/]+)/", var.leech_template_gcs_path)[0]
}
