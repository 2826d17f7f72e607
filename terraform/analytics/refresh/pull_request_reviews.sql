-- pull_request_reviews: one row per review; the latest delivery about it wins (submitted, edited, dismissed).
-- The changes of the window, then the oldest submitted_at among them: the MERGE reads the table's
-- partitions from there on (submitted_at never changes for an object, so its row cannot lie before).
CREATE TEMP TABLE pull_request_reviews_changes AS
WITH reviews AS (
  SELECT
    e.repository_full_name,
    e.organization_name,
    SAFE_CAST(JSON_VALUE(e.payload, '$.review.id') AS INT64) AS review_id,
    SAFE_CAST(JSON_VALUE(e.payload, '$.pull_request.number') AS INT64) AS pull_request_number,
    JSON_VALUE(e.payload, '$.pull_request.user.login') AS pull_request_author,
    JSON_VALUE(e.payload, '$.review.user.login') AS reviewer,
    LOWER(JSON_VALUE(e.payload, '$.review.state')) AS state,
    SAFE_CAST(JSON_VALUE(e.payload, '$.review.submitted_at') AS TIMESTAMP) AS submitted_at,
    JSON_VALUE(e.payload, '$.review.commit_id') AS commit_id,
    e.action AS last_action,
    e.received AS last_received,
    CONCAT(FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', e.received, 'UTC'), '|', e.delivery_id) AS state_version,
    -- not a column of the table: where the reviewed pull request's row lies, for its first review
    SAFE_CAST(JSON_VALUE(e.payload, '$.pull_request.created_at') AS TIMESTAMP) AS pull_request_created_at
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event = 'pull_request_review'
)
SELECT *
FROM reviews
WHERE review_id IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY review_id ORDER BY state_version DESC) = 1;

SET pull_request_reviews_from = (SELECT MIN(submitted_at) FROM pull_request_reviews_changes);

MERGE `${project}.${dataset}.pull_request_reviews` AS t
USING (SELECT * EXCEPT (pull_request_created_at) FROM pull_request_reviews_changes) AS s
ON t.review_id = s.review_id
  AND (t.submitted_at >= pull_request_reviews_from OR t.submitted_at IS NULL)
WHEN MATCHED AND s.state_version > t.state_version THEN UPDATE SET ${update_all_columns}
WHEN NOT MATCHED THEN INSERT ROW;
