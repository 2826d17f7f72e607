-- SQLite twin of terraform/views/issues.sql (incident label: 'incident', any case, the module's default).
CREATE VIEW issues AS
WITH src AS (
  SELECT e.repository_full_name, e.organization_name, e.action, e.received, e.delivery_id,
    CASE WHEN json_valid(e.payload) THEN e.payload END AS body
  FROM events_unique AS e
  WHERE e.event = 'issues'
),
issue_events AS (
  SELECT
    repository_full_name,
    organization_name,
    json_extract(body, '$.issue.number') AS number,
    json_extract(body, '$.issue.id') AS issue_id,
    json_extract(body, '$.issue.title') AS title,
    json_extract(body, '$.issue.user.login') AS author,
    json_extract(body, '$.issue.state') AS state,
    json_extract(body, '$.issue.state_reason') AS state_reason,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.issue.created_at')) AS created_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.issue.updated_at')) AS updated_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.issue.closed_at')) AS closed_at,
    body,
    action AS last_action,
    received AS last_received,
    delivery_id
  FROM src
),
latest AS (
  SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (
      PARTITION BY repository_full_name, number
      ORDER BY updated_at DESC, last_received DESC, delivery_id DESC) AS rank_in_issue
    FROM issue_events
    WHERE number IS NOT NULL AND repository_full_name IS NOT NULL)
  WHERE rank_in_issue = 1
)
SELECT
  l.repository_full_name,
  l.organization_name,
  l.number,
  l.issue_id,
  l.title,
  l.author,
  l.state,
  l.state_reason,
  l.created_at,
  l.updated_at,
  l.closed_at,
  CASE WHEN l.state = 'closed' THEN unixepoch(l.closed_at) - unixepoch(l.created_at) END AS open_duration_seconds,
  (SELECT group_concat(name, ',') FROM (
     SELECT json_extract(label.value, '$.name') AS name
     FROM json_each(l.body, '$.issue.labels') AS label
     ORDER BY label.key)) AS labels,
  EXISTS (
    SELECT 1 FROM json_each(l.body, '$.issue.labels') AS label
    WHERE lower(json_extract(label.value, '$.name')) = 'incident') AS is_incident,
  l.last_action,
  l.last_received
FROM latest AS l
