-- releases: latest state per release; the latest delivery about it wins.
-- The changes of the window, then the oldest created_at among them: the MERGE reads the table's
-- partitions from there on (created_at never changes for an object, so its row cannot lie before).
CREATE TEMP TABLE releases_changes AS
WITH release_events AS (
  SELECT
    e.repository_full_name,
    e.organization_name,
    SAFE_CAST(JSON_VALUE(e.payload, '$.release.id') AS INT64) AS release_id,
    JSON_VALUE(e.payload, '$.release.tag_name') AS tag_name,
    JSON_VALUE(e.payload, '$.release.name') AS name,
    JSON_VALUE(e.payload, '$.release.target_commitish') AS target_commitish,
    SAFE_CAST(JSON_VALUE(e.payload, '$.release.draft') AS BOOL) AS draft,
    SAFE_CAST(JSON_VALUE(e.payload, '$.release.prerelease') AS BOOL) AS prerelease,
    JSON_VALUE(e.payload, '$.release.author.login') AS author,
    SAFE_CAST(JSON_VALUE(e.payload, '$.release.created_at') AS TIMESTAMP) AS created_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.release.published_at') AS TIMESTAMP) AS published_at,
    JSON_VALUE(e.payload, '$.release.html_url') AS html_url,
    e.action AS last_action,
    e.received AS last_received,
    CONCAT(FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', e.received, 'UTC'), '|', e.delivery_id) AS state_version
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event = 'release'
)
SELECT *
FROM release_events
WHERE release_id IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY release_id ORDER BY state_version DESC) = 1;

SET releases_from = (SELECT MIN(created_at) FROM releases_changes);

MERGE `${project}.${dataset}.releases` AS t
USING (SELECT * FROM releases_changes) AS s
ON t.release_id = s.release_id
  AND (t.created_at >= releases_from OR t.created_at IS NULL)
WHEN MATCHED AND s.state_version > t.state_version THEN UPDATE SET ${update_all_columns}
WHEN NOT MATCHED THEN INSERT ROW;
