-- SQLite twin of the BigQuery table incidents (terraform/analytics/refresh/incidents.sql): incidents
-- reported by incident tools. The newest report's fields (a resolve wins over an open, then received,
-- then delivery_id); opened_at the earliest reported; caused_by_sha and url once any report gave them.
CREATE VIEW incidents AS
WITH reports AS (
  SELECT
    'custom' AS source,
    json_extract(e.payload, '$.id') AS incident_id,
    e.repository_full_name,
    e.organization_name,
    json_extract(e.payload, '$.service') AS service,
    json_extract(e.payload, '$.title') AS title,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(e.payload, '$.opened_at')) AS opened_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(e.payload, '$.resolved_at')) AS resolved_at,
    lower(json_extract(e.payload, '$.caused_by_sha')) AS caused_by_sha,
    json_extract(e.payload, '$.url') AS url,
    e.received,
    e.delivery_id
  FROM events AS e
  WHERE e.event = 'custom_incident' AND json_valid(e.payload)
  UNION ALL
  SELECT
    'pagerduty' AS source,
    json_extract(e.payload, '$.event.data.id') AS incident_id,
    NULL AS repository_full_name,
    NULL AS organization_name,
    json_extract(e.payload, '$.event.data.service.summary') AS service,
    json_extract(e.payload, '$.event.data.title') AS title,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(e.payload, '$.event.data.created_at')) AS opened_at,
    CASE WHEN e.action = 'incident.resolved'
      THEN strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(e.payload, '$.event.occurred_at')) END AS resolved_at,
    NULL AS caused_by_sha,
    json_extract(e.payload, '$.event.data.html_url') AS url,
    e.received,
    e.delivery_id
  FROM events AS e
  WHERE e.event = 'pagerduty' AND e.action IN ('incident.triggered', 'incident.resolved') AND json_valid(e.payload)
),
ranked AS (
  SELECT *,
    ROW_NUMBER() OVER (
      PARTITION BY source, incident_id
      ORDER BY resolved_at IS NOT NULL DESC, received DESC, delivery_id DESC) AS rank_in_incident,
    MIN(opened_at) OVER (PARTITION BY source, incident_id) AS first_opened_at,
    MAX(caused_by_sha) OVER (PARTITION BY source, incident_id) AS any_caused_by_sha,
    MAX(url) OVER (PARTITION BY source, incident_id) AS any_url
  FROM reports
  WHERE incident_id IS NOT NULL
)
SELECT
  source,
  incident_id,
  repository_full_name,
  organization_name,
  service,
  title,
  first_opened_at AS opened_at,
  resolved_at,
  CASE WHEN resolved_at IS NULL THEN 'open' ELSE 'resolved' END AS status,
  unixepoch(resolved_at) - unixepoch(first_opened_at) AS restore_seconds,
  any_caused_by_sha AS caused_by_sha,
  any_url AS url,
  received AS last_received
FROM ranked
WHERE rank_in_incident = 1
