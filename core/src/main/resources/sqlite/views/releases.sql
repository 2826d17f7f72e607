-- SQLite twin of the BigQuery table releases (terraform/analytics/refresh/releases.sql): latest state
-- per release, the latest delivery about it winning.
CREATE VIEW releases AS
WITH src AS (
  SELECT e.repository_full_name, e.organization_name, e.action, e.received, e.delivery_id,
    CASE WHEN json_valid(e.payload) THEN e.payload END AS body
  FROM events_unique AS e
  WHERE e.event = 'release'
),
release_events AS (
  SELECT
    repository_full_name,
    organization_name,
    json_extract(body, '$.release.id') AS release_id,
    json_extract(body, '$.release.tag_name') AS tag_name,
    json_extract(body, '$.release.name') AS name,
    json_extract(body, '$.release.target_commitish') AS target_commitish,
    json_extract(body, '$.release.draft') AS draft,
    json_extract(body, '$.release.prerelease') AS prerelease,
    json_extract(body, '$.release.author.login') AS author,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.release.created_at')) AS created_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.release.published_at')) AS published_at,
    json_extract(body, '$.release.html_url') AS html_url,
    action AS last_action,
    received AS last_received,
    delivery_id
  FROM src
),
latest AS (
  SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (
      PARTITION BY release_id ORDER BY last_received DESC, delivery_id DESC) AS rank_in_release
    FROM release_events
    WHERE release_id IS NOT NULL)
  WHERE rank_in_release = 1
)
SELECT
  repository_full_name,
  organization_name,
  release_id,
  tag_name,
  name,
  target_commitish,
  draft,
  prerelease,
  author,
  created_at,
  published_at,
  html_url,
  last_action,
  last_received
FROM latest
