-- SQLite twin of the BigQuery table pushes (terraform/analytics/refresh/pushes.sql): one row per push
-- delivery, pushed_at being its first receipt (a redelivery of the same GUID changes nothing).
CREATE VIEW pushes AS
WITH first_receipt AS (
  SELECT delivery_id, MIN(received) AS received
  FROM events
  WHERE event = 'push'
  GROUP BY delivery_id
),
src AS (
  SELECT e.repository_full_name, e.organization_name, e.delivery_id, f.received,
    CASE WHEN json_valid(e.payload) THEN e.payload END AS body
  FROM events_unique AS e
  JOIN first_receipt AS f ON f.delivery_id = e.delivery_id
  WHERE e.event = 'push'
),
push_rows AS (
  SELECT
    repository_full_name,
    organization_name,
    delivery_id,
    received,
    json_extract(body, '$.ref') AS ref,
    body
  FROM src
)
SELECT
  repository_full_name,
  organization_name,
  delivery_id,
  received AS pushed_at,
  ref,
  CASE WHEN substr(ref, 1, 11) = 'refs/heads/' THEN substr(ref, 12) END AS branch,
  CASE WHEN substr(ref, 1, 10) = 'refs/tags/' THEN substr(ref, 11) END AS tag,
  json_extract(body, '$.before') AS before_sha,
  json_extract(body, '$.after') AS after_sha,
  json_extract(body, '$.created') AS created,
  json_extract(body, '$.deleted') AS deleted,
  json_extract(body, '$.forced') AS forced,
  json_extract(body, '$.pusher.name') AS pusher,
  CASE WHEN json_type(body, '$.commits') = 'array' THEN json_array_length(body, '$.commits') END AS commit_count,
  json_extract(body, '$.head_commit.id') AS head_commit_sha,
  strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.head_commit.timestamp')) AS head_commit_at,
  ref = 'refs/heads/' || json_extract(body, '$.repository.default_branch') AS to_default_branch
FROM push_rows
WHERE ref IS NOT NULL
