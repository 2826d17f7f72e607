package dev.gma.dashboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeamsFileTest {

    @Test
    void headerCommentsBlankLinesAndARepositoryInTwoTeams() {
        assertThat(TeamsFile.parse(List.of("team,repository_full_name", "# owners", "", "web, octo/site", "web,octo/api",
                "ops,octo/api"), "t")).isEqualTo(Map.of("web", List.of("octo/api", "octo/site"), "ops", List.of("octo/api")));
    }

    @Test
    void aBrokenLineIsNamedWithItsNumber() {
        assertThatThrownBy(() -> TeamsFile.parse(List.of("web,octo/site", "web;octo/api"), "teams.csv"))
                .hasMessageContaining("teams.csv line 2").hasMessageContaining("team,owner/repository");
        assertThatThrownBy(() -> TeamsFile.parse(List.of("web,not-a-repo"), "teams.csv")).hasMessageContaining("line 1");
    }
}
