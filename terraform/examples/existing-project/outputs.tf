output "webhook_url" {
  description = "Set this as the GitHub App's webhook URL."
  value       = module.gma.webhook_url
}

output "webhook_ip" {
  description = "With webhook_domains: the address the domains' A records point at; null otherwise."
  value       = module.gma.webhook_ip
}

output "webhook_secret_id" {
  description = "Add the webhook secret as a version of this secret."
  value       = module.gma.webhook_secret_id
}

output "github_private_key_secret_id" {
  description = "Add the App's private key (PEM) as a version of this secret."
  value       = module.gma.github_private_key_secret_id
}

output "events_tokens_secret_id" {
  description = "Add the bearer tokens of /events/deployments and /events/incidents as a version of this secret."
  value       = module.gma.events_tokens_secret_id
}

output "pagerduty_webhook_secrets_secret_id" {
  description = "Add the PagerDuty webhook secrets (or a random value) as a version of this secret."
  value       = module.gma.pagerduty_webhook_secrets_secret_id
}

output "big_query_project_id" {
  description = "Project of the dataset (run bq commands there)."
  value       = module.gma.big_query_project_id
}

output "analytics_table_ids" {
  description = "Derived tables analysts read."
  value       = module.gma.analytics_table_ids
}

output "looker_studio_report_url" {
  description = "Opens a Looker Studio report with every derived table connected."
  value       = module.gma.looker_studio_report_url
}
