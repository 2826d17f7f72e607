# Access for people and other systems, from dataset_iam, webhook_service_iam and retry_service_iam
# (the shapes of the original Go project's module), each mapped to the narrowest predefined role on
# the narrowest resource: the dataset, or one Cloud Run service. The only project-level grant is
# roles/bigquery.jobUser for dataset viewers (dataset_viewers_job_user). Every grant is additive.

locals {
  dataset_roles = {
    owners  = "roles/bigquery.dataOwner"
    editors = "roles/bigquery.dataEditor"
    viewers = "roles/bigquery.dataViewer"
  }
  webhook_service_roles = {
    admins     = "roles/run.admin"
    developers = "roles/run.developer"
    invokers   = "roles/run.invoker"
  }
  # admins, developers and invokers: the original module's shape of retry_service_iam, also accepted.
  retry_service_roles = {
    owners     = "roles/run.admin"
    editors    = "roles/run.developer"
    viewers    = "roles/run.viewer"
    admins     = "roles/run.admin"
    developers = "roles/run.developer"
    invokers   = "roles/run.invoker"
  }

  # "<group> <member>" => { role, member } for each list of each input.
  dataset_grants = merge([
    for group, role in local.dataset_roles : {
      for m in var.dataset_iam[group] : "${group} ${m}" => { role = role, member = m }
    }
  ]...)
  # The webhook's invokers have a resource of their own (webhook_invokers), keyed by member.
  webhook_service_grants = merge([
    for group, role in local.webhook_service_roles : {
      for m in var.webhook_service_iam[group] : "${group} ${m}" => { role = role, member = m }
    } if group != "invokers"
  ]...)
  # "<role> <member>": owners and admins (editors and developers) name the same role.
  retry_service_grants = {
    for rm in distinct(flatten([
      for group, role in local.retry_service_roles : [for m in var.retry_service_iam[group] : "${role} ${m}"]
    ])) : rm => { role = split(" ", rm)[0], member = split(" ", rm)[1] }
  }
  # Deploying a revision runs it as the service's account: admins and developers (owners and editors
  # of the retry service) may act as that one account, nothing more.
  service_deployers = merge(
    { for m in distinct(concat(var.webhook_service_iam.admins, var.webhook_service_iam.developers)) : "webhook ${m}" => { account = "webhook", member = m } },
    { for m in distinct(concat(var.retry_service_iam.owners, var.retry_service_iam.editors, var.retry_service_iam.admins, var.retry_service_iam.developers)) : "retry ${m}" => { account = "retry", member = m } },
  )
}

# --- the dataset ---------------------------------------------------------------------------

resource "google_bigquery_dataset_iam_member" "dataset" {
  for_each = local.dataset_grants

  project    = local.bigquery_project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  role       = each.value.role
  member     = each.value.member
}

# Queries run as jobs of a project: without jobUser a viewer can read the tables' metadata but not
# query them, and Looker Studio with viewers' credentials fails. No broader project role is granted.
resource "google_project_iam_member" "dataset_viewers_job_user" {
  for_each = var.dataset_viewers_job_user ? toset(var.dataset_iam.viewers) : toset([])

  project = local.bigquery_project_id
  role    = "roles/bigquery.jobUser"
  member  = each.value
}

# --- the webhook service: public by default; every request is checked in the service --------

resource "google_cloud_run_v2_service_iam_member" "webhook_invokers" {
  for_each = toset(var.webhook_service_iam.invokers)

  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.webhook.name
  role     = "roles/run.invoker"
  member   = each.value
}

# The first releases granted the public invoker role as webhook_public; it is now one of the invokers.
moved {
  from = google_cloud_run_v2_service_iam_member.webhook_public
  to   = google_cloud_run_v2_service_iam_member.webhook_invokers["allUsers"]
}

resource "google_cloud_run_v2_service_iam_member" "webhook_service" {
  for_each = local.webhook_service_grants

  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.webhook.name
  role     = each.value.role
  member   = each.value.member
}

# --- the retry service: private; the retry scheduler's invoker grant is in iam.tf -------------

resource "google_cloud_run_v2_service_iam_member" "retry_service" {
  for_each = local.retry_service_grants

  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.retry.name
  role     = each.value.role
  member   = each.value.member
}

# --- deploying revisions: act as the service's own account only ------------------------------

resource "google_service_account_iam_member" "service_deployers" {
  for_each = local.service_deployers

  service_account_id = each.value.account == "webhook" ? google_service_account.webhook.name : google_service_account.retry.name
  role               = "roles/iam.serviceAccountUser"
  member             = each.value.member
}
