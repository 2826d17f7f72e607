(:organization IS NULL OR substr(repository_full_name, 1, length(:organization) + 1) = :organization || '/')
  AND (:repository IS NULL OR repository_full_name = :repository)
  AND (:team_filter = 0 OR repository_full_name IN (SELECT value FROM json_each(:team_repositories)))
