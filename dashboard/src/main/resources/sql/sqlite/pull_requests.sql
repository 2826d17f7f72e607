-- pull_requests created or merged in the range
SELECT repository_full_name, number, title, author, state, merged, created_at, merged_at, time_to_merge_seconds,
       first_review_at, time_to_first_review_seconds, changed_lines, size_bucket
FROM pull_requests
WHERE created_at < :to_day_exclusive
  AND (created_at >= :from_day OR (merged_at >= :from_day AND merged_at < :to_day_exclusive))
  AND {{filter}}
ORDER BY created_at, repository_full_name, number
