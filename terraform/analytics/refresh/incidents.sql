-- incidents: one row per incident reported by an incident tool, newest state wins (a resolve wins over
-- an open whatever the order they land in, then received, then delivery_id).
-- 'custom': POST /events/incidents (the same id posted again with resolved_at resolves it).
-- 'pagerduty': PagerDuty v3 webhooks, incident.triggered and incident.resolved.
-- Incidents filed as GitHub issues stay in issues (is_incident); dora_incidents counts all of them.
MERGE `${project}.${dataset}.incidents` AS t
USING (
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
      JSON_VALUE(e.payload, '$.caused_by_sha') AS caused_by_sha,
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
  )
  SELECT
    source,
    incident_id,
    repository_full_name,
    organization_name,
    service,
    title,
    opened_at,
    resolved_at,
    IF(resolved_at IS NULL, 'open', 'resolved') AS status,
    TIMESTAMP_DIFF(resolved_at, opened_at, SECOND) AS restore_seconds,
    caused_by_sha,
    url,
    received AS last_received,
    CONCAT(IF(resolved_at IS NULL, '0', '1'), '|', FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', received, 'UTC'), '|', delivery_id) AS state_version
  FROM reports
  WHERE incident_id IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (PARTITION BY source, incident_id ORDER BY state_version DESC) = 1
) AS s
ON t.source = s.source AND t.incident_id = s.incident_id
WHEN MATCHED AND s.state_version > t.state_version THEN UPDATE SET ${update_all_columns}
WHEN NOT MATCHED THEN INSERT ROW;
