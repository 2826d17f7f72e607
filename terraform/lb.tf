# A custom domain for the webhook (webhook_domains): a global external Application Load Balancer
# whose only backend is a serverless NEG of the webhook service, with a Google-managed certificate
# for the domains. Point each domain's A record at output webhook_ip; the certificate becomes
# ACTIVE once DNS resolves to it. Without webhook_domains none of this exists and the webhook is
# reached at its Cloud Run URL. Port 443 only: GitHub, CI/CD pipelines and PagerDuty call https URLs.

locals {
  webhook_lb_count = length(var.webhook_domains) > 0 ? 1 : 0
  # With webhook_load_balancer_only the run.app URL refuses requests from the internet: every
  # request comes through the load balancer (and its TLS policy and logs).
  webhook_ingress = var.webhook_load_balancer_only && local.webhook_lb_count == 1 ? "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" : "INGRESS_TRAFFIC_ALL"
}

resource "google_project_service" "compute" {
  count = var.enable_apis ? local.webhook_lb_count : 0

  project            = var.project_id
  service            = "compute.googleapis.com"
  disable_on_destroy = false
}

resource "google_compute_global_address" "webhook" {
  count = local.webhook_lb_count

  project    = var.project_id
  name       = "${local.prefix}-webhook"
  ip_version = "IPV4"

  depends_on = [google_project_service.compute]
}

resource "google_compute_region_network_endpoint_group" "webhook" {
  count = local.webhook_lb_count

  project               = var.project_id
  name                  = "${local.prefix}-webhook"
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  cloud_run {
    service = google_cloud_run_v2_service.webhook.name
  }

  depends_on = [google_project_service.compute]
}

resource "google_compute_backend_service" "webhook" {
  count = local.webhook_lb_count

  project               = var.project_id
  name                  = "${local.prefix}-webhook"
  load_balancing_scheme = "EXTERNAL_MANAGED"

  backend {
    group = google_compute_region_network_endpoint_group.webhook[0].id
  }

  log_config {
    enable      = true
    sample_rate = 1.0
  }
}

resource "google_compute_url_map" "webhook" {
  count = local.webhook_lb_count

  project         = var.project_id
  name            = "${local.prefix}-webhook"
  default_service = google_compute_backend_service.webhook[0].id
}

# The name follows the domains: a new certificate is created (and attached) before the old one goes.
resource "google_compute_managed_ssl_certificate" "webhook" {
  count = local.webhook_lb_count

  project = var.project_id
  name    = "${local.prefix}-webhook-${substr(sha256(join(",", sort(var.webhook_domains))), 0, 8)}"

  managed {
    domains = var.webhook_domains
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [google_project_service.compute]
}

resource "google_compute_ssl_policy" "webhook" {
  count = local.webhook_lb_count

  project         = var.project_id
  name            = "${local.prefix}-webhook"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"

  depends_on = [google_project_service.compute]
}

resource "google_compute_target_https_proxy" "webhook" {
  count = local.webhook_lb_count

  project          = var.project_id
  name             = "${local.prefix}-webhook"
  url_map          = google_compute_url_map.webhook[0].id
  ssl_certificates = [google_compute_managed_ssl_certificate.webhook[0].id]
  ssl_policy       = google_compute_ssl_policy.webhook[0].id
}

resource "google_compute_global_forwarding_rule" "webhook" {
  count = local.webhook_lb_count

  project               = var.project_id
  name                  = "${local.prefix}-webhook-https"
  target                = google_compute_target_https_proxy.webhook[0].id
  ip_address            = google_compute_global_address.webhook[0].id
  ip_protocol           = "TCP"
  port_range            = "443"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}
