package dev.gma.dashboard.domain;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a page asks for: a range of UTC days (both ends included) and optional filters. A team is
 * resolved to its repositories before it reaches a store ({@code teamRepositories}, null when no team
 * is selected), so both adapters filter on the same list.
 */
public record Query(LocalDate from, LocalDate to, String organization, String repository, String team,
                    List<String> teamRepositories) {

    public Query {
        if (from == null || to == null || from.isAfter(to)) {
            throw new IllegalArgumentException("the range must have from <= to");
        }
        teamRepositories = teamRepositories == null ? null : List.copyOf(teamRepositories);
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /**
     * The named parameters every query receives, in domain types (LocalDate, String, Boolean,
     * List of String); each adapter binds them its own way, never by splicing text into SQL.
     */
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("from_day", from);
        p.put("to_day", to);
        p.put("to_day_exclusive", to.plusDays(1));
        p.put("organization", organization);
        p.put("repository", repository);
        p.put("team_filter", teamRepositories != null);
        p.put("team_repositories", teamRepositories == null ? List.of() : teamRepositories);
        return p;
    }
}
