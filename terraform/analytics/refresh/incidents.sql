-- incidents: one row per incident reported by an incident tool. Newest state wins (a resolve wins over
-- an open whatever the order they land in, then received, then delivery_id); a field the newest
-- report leaves out is kept from an earlier one for caused_by_sha and url (a resolve need not repeat
-- them), and opened_at is the earliest reported. Every rule is order-free, so refreshes in any order
-- of arrival give the rebuild's result.
-- 'custom': POST /events/incidents (the same id posted again with resolved_at resolves it).
-- 'pagerduty': PagerDuty v3 webhooks, incident.triggered and incident.resolved.
-- Incidents filed as GitHub issues stay in issues (is_incident); dora_incidents counts all of them.
-- The changes of the window, then the oldest opened_at among them: the MERGE reads the table's
-- partitions from there on (a later report can only move opened_at earlier, so the stored row cannot lie before).
CREATE TEMP TABLE incidents_changes AS
WITH reports AS (
  SELECT
    'custom' AS source,
    JSON_VALUE(e.payload, '$.id') AS incident_id,
    e.repository_full_name,
    e.organization_name,
    JSON_VALUE(e.payload, '$.service') AS service,
    JSON_VALUE(e.payload, '$.title') AS title,
    SAFE_CAST(JSON_VALUE(e.payload, '$.opened_at') AS TIMESTAMP) AS opened_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.resolved_at') AS TIMESTAMP) AS resolved_at,
    LOWER(JSON_VALUE(e.payload, '$.caused_by_sha')) AS caused_by_sha,
    JSON_VALUE(e.payload, '$.url') AS url,
    e.received,
    e.delivery_id
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event = 'custom_incident'
  UNION ALL
  SELECT
    'pagerduty' AS source,
    JSON_VALUE(e.payload, '$.event.data.id') AS incident_id,
    CAST(NULL AS STRING) AS repository_full_name,
    CAST(NULL AS STRING) AS organization_name,
    JSON_VALUE(e.payload, '$.event.data.service.summary') AS service,
    JSON_VALUE(e.payload, '$.event.data.title') AS title,
    SAFE_CAST(JSON_VALUE(e.payload, '$.event.data.created_at') AS TIMESTAMP) AS opened_at,
    IF(e.action = 'incident.resolved', SAFE_CAST(JSON_VALUE(e.payload, '$.event.occurred_at') AS TIMESTAMP), NULL) AS resolved_at,
    CAST(NULL AS STRING) AS caused_by_sha,
    JSON_VALUE(e.payload, '$.event.data.html_url') AS url,
    e.received,
    e.delivery_id
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event = 'pagerduty'
    AND e.action IN ('incident.triggered', 'incident.resolved')
),
versioned AS (
  SELECT
    *,
    CONCAT(IF(resolved_at IS NULL, '0', '1'), '|', FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', received, 'UTC'), '|', delivery_id) AS state_version
  FROM reports
  WHERE incident_id IS NOT NULL
)
-- per incident: the newest report's fields; opened_at the earliest reported; caused_by_sha and url
-- once any report gave them (a resolve need not repeat them; reports that disagree: the greatest)
SELECT
  source,
  incident_id,
  ARRAY_AGG(STRUCT(repository_full_name) ORDER BY state_version DESC LIMIT 1)[OFFSET(0)].repository_full_name AS repository_full_name,
  ARRAY_AGG(STRUCT(organization_name) ORDER BY state_version DESC LIMIT 1)[OFFSET(0)].organization_name AS organization_name,
  ARRAY_AGG(STRUCT(service) ORDER BY state_version DESC LIMIT 1)[OFFSET(0)].service AS service,
  ARRAY_AGG(STRUCT(title) ORDER BY state_version DESC LIMIT 1)[OFFSET(0)].title AS title,
  MIN(opened_at) AS opened_at,
  ARRAY_AGG(STRUCT(resolved_at) ORDER BY state_version DESC LIMIT 1)[OFFSET(0)].resolved_at AS resolved_at,
  CAST(NULL AS STRING) AS status,
  CAST(NULL AS INT64) AS restore_seconds,
  MAX(caused_by_sha) AS caused_by_sha,
  MAX(url) AS url,
  ARRAY_AGG(received ORDER BY state_version DESC LIMIT 1)[OFFSET(0)] AS last_received,
  MAX(state_version) AS state_version
FROM versioned
GROUP BY source, incident_id;

SET incidents_from = (SELECT MIN(opened_at) FROM incidents_changes);

MERGE `${project}.${dataset}.incidents` AS t
USING (SELECT * FROM incidents_changes) AS s
ON t.source = s.source AND t.incident_id = s.incident_id
  AND (t.opened_at >= incidents_from OR t.opened_at IS NULL)
WHEN MATCHED THEN UPDATE SET
  repository_full_name = IF(s.state_version > t.state_version, s.repository_full_name, t.repository_full_name),
  organization_name = IF(s.state_version > t.state_version, s.organization_name, t.organization_name),
  service = IF(s.state_version > t.state_version, s.service, t.service),
  title = IF(s.state_version > t.state_version, s.title, t.title),
  opened_at = LEAST(COALESCE(s.opened_at, t.opened_at), COALESCE(t.opened_at, s.opened_at)),
  resolved_at = IF(s.state_version > t.state_version, s.resolved_at, t.resolved_at),
  caused_by_sha = GREATEST(COALESCE(s.caused_by_sha, t.caused_by_sha), COALESCE(t.caused_by_sha, s.caused_by_sha)),
  url = GREATEST(COALESCE(s.url, t.url), COALESCE(t.url, s.url)),
  last_received = IF(s.state_version > t.state_version, s.last_received, t.last_received),
  state_version = GREATEST(s.state_version, t.state_version)
WHEN NOT MATCHED THEN INSERT ROW;

-- status and time to restore from the merged state, where they are not yet (new or changed rows)
MERGE `${project}.${dataset}.incidents` AS t
USING (
  SELECT
    i.source,
    i.incident_id,
    IF(i.resolved_at IS NULL, 'open', 'resolved') AS status,
    TIMESTAMP_DIFF(i.resolved_at, i.opened_at, SECOND) AS restore_seconds
  FROM `${project}.${dataset}.incidents` AS i
  -- only the window's incidents changed, and they lie in the partitions from incidents_from on
  WHERE (i.opened_at >= incidents_from OR i.opened_at IS NULL)
    AND (i.status IS NULL
      OR i.status != IF(i.resolved_at IS NULL, 'open', 'resolved')
      OR i.restore_seconds IS DISTINCT FROM TIMESTAMP_DIFF(i.resolved_at, i.opened_at, SECOND))
) AS s
ON t.source = s.source AND t.incident_id = s.incident_id
  AND (t.opened_at >= incidents_from OR t.opened_at IS NULL)
WHEN MATCHED THEN UPDATE SET status = s.status, restore_seconds = s.restore_seconds;
