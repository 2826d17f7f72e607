-- SQLite twin of the BigQuery table commits (terraform/analytics/refresh/commits.sql): a push counts
-- from its first receipt, so a redelivery of the same GUID changes nothing.
CREATE VIEW commits AS
WITH first_receipt AS (
  SELECT delivery_id, MIN(received) AS received
  FROM events
  WHERE event = 'push'
  GROUP BY delivery_id
),
src AS (
  SELECT e.repository_full_name, e.organization_name, f.received, e.delivery_id,
    CASE WHEN json_valid(e.payload) THEN e.payload END AS body
  FROM events_unique AS e
  JOIN first_receipt AS f ON f.delivery_id = e.delivery_id
  WHERE e.event = 'push'
),
commit_rows AS (
  SELECT
    s.repository_full_name,
    s.organization_name,
    CASE WHEN json_extract(s.body, '$.ref') LIKE 'refs/heads/%'
      THEN substr(json_extract(s.body, '$.ref'), 12) ELSE json_extract(s.body, '$.ref') END AS branch,
    json_extract(c.value, '$.id') AS sha,
    json_extract(c.value, '$.message') AS message,
    json_extract(c.value, '$.author.username') AS author_login,
    json_extract(c.value, '$.author.name') AS author_name,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(c.value, '$.timestamp')) AS committed_at,
    json_extract(c.value, '$.distinct') AS distinct_commit,
    s.received AS pushed_at,
    s.delivery_id
  FROM src AS s
  JOIN json_each(s.body, '$.commits') AS c
),
ranked AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY repository_full_name, branch, sha ORDER BY pushed_at, delivery_id) AS rank_in_commit
  FROM commit_rows
  WHERE sha IS NOT NULL AND repository_full_name IS NOT NULL
)
SELECT repository_full_name, organization_name, branch, sha, message, author_login, author_name,
  committed_at, distinct_commit, pushed_at AS first_pushed_at
FROM ranked
WHERE rank_in_commit = 1
