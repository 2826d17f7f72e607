-- SQLite twin of terraform/views/pull_request_reviews.sql.
CREATE VIEW pull_request_reviews AS
WITH src AS (
  SELECT e.repository_full_name, e.organization_name, e.action, e.received, e.delivery_id,
    CASE WHEN json_valid(e.payload) THEN e.payload END AS body
  FROM events_unique AS e
  WHERE e.event = 'pull_request_review'
),
reviews AS (
  SELECT
    repository_full_name,
    organization_name,
    json_extract(body, '$.review.id') AS review_id,
    json_extract(body, '$.pull_request.number') AS pull_request_number,
    json_extract(body, '$.pull_request.user.login') AS pull_request_author,
    json_extract(body, '$.review.user.login') AS reviewer,
    lower(json_extract(body, '$.review.state')) AS state,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.review.submitted_at')) AS submitted_at,
    json_extract(body, '$.review.commit_id') AS commit_id,
    action AS last_action,
    received AS last_received,
    delivery_id
  FROM src
),
ranked AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY review_id ORDER BY last_received DESC, delivery_id DESC) AS rank_in_review
  FROM reviews
  WHERE review_id IS NOT NULL
)
SELECT repository_full_name, organization_name, review_id, pull_request_number, pull_request_author, reviewer,
  state, submitted_at, commit_id, last_action, last_received
FROM ranked
WHERE rank_in_review = 1
