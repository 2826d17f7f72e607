-- pull_requests created or merged in the range (partitioned on created_at: the upper bound prunes)
SELECT repository_full_name, number, title, author, state, merged, created_at, merged_at, time_to_merge_seconds,
       first_review_at, time_to_first_review_seconds, changed_lines, size_bucket
FROM `{{dataset}}.pull_requests`
WHERE created_at < @to_ts
  AND (created_at >= @from_ts OR (merged_at >= @from_ts AND merged_at < @to_ts))
  AND {{filter}}
ORDER BY created_at, repository_full_name, number
