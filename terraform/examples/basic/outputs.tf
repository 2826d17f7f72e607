output "webhook_url" {
  description = "Set this as the GitHub App's webhook URL."
  value       = module.gma.webhook_url
}

output "webhook_secret_id" {
  description = "Add the webhook secret as a version of this secret."
  value       = module.gma.webhook_secret_id
}

output "github_private_key_secret_id" {
  description = "Add the App's private key (PEM) as a version of this secret."
  value       = module.gma.github_private_key_secret_id
}
