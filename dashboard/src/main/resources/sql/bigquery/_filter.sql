(@organization IS NULL OR STARTS_WITH(repository_full_name, CONCAT(@organization, '/')))
  AND (@repository IS NULL OR repository_full_name = @repository)
  AND (NOT @team_filter OR repository_full_name IN UNNEST(@team_repositories))
