package dev.gma.dashboard.http;

import dev.gma.dashboard.domain.DashboardService;
import dev.gma.dashboard.domain.Query;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;

/**
 * One JSON endpoint per page; each takes the same filters as query parameters: {@code from},
 * {@code to} (UTC days, YYYY-MM-DD, both included), {@code org}, {@code repo}, {@code team}.
 */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ApiController {

    private final DashboardService service;

    public ApiController(DashboardService service) {
        this.service = service;
    }

    @Get(uri = "/filters", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> filters() {
        return service.filters();
    }

    @Get(uri = "/dora", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> dora(@Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                    @Nullable @QueryValue String org, @Nullable @QueryValue String repo,
                                    @Nullable @QueryValue String team) {
        return service.dora(query(from, to, org, repo, team));
    }

    @Get(uri = "/flow", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> flow(@Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                    @Nullable @QueryValue String org, @Nullable @QueryValue String repo,
                                    @Nullable @QueryValue String team) {
        return service.flow(query(from, to, org, repo, team));
    }

    @Get(uri = "/ci", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> ci(@Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                  @Nullable @QueryValue String org, @Nullable @QueryValue String repo,
                                  @Nullable @QueryValue String team) {
        return service.ci(query(from, to, org, repo, team));
    }

    @Get(uri = "/deployments", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> deployments(@Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                           @Nullable @QueryValue String org, @Nullable @QueryValue String repo,
                                           @Nullable @QueryValue String team) {
        return service.deployments(query(from, to, org, repo, team));
    }

    private Query query(String from, String to, String org, String repo, String team) {
        return service.query(from, to, org, repo, team);
    }
}
