-- pull_request_reviews: one row per review (latest delivery about it: submitted, edited, dismissed).
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
    e.delivery_id
  FROM `${project}.${dataset}.events_unique` AS e
  WHERE e.event = 'pull_request_review'
)
SELECT * EXCEPT (delivery_id)
FROM reviews
WHERE review_id IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY review_id ORDER BY last_received DESC, delivery_id DESC) = 1
