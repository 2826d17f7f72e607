package dev.gma.retry.http;

import dev.gma.retry.domain.RetryRun;
import dev.gma.retry.domain.RunSummary;
import dev.gma.retry.metrics.RunMetrics;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /retry} (Cloud Scheduler): one run, answered with its summary. "Lock held" is a
 * 200: another run is working. A run that hit a GitHub error answers 502 so the scheduler's
 * failure alert sees it.
 */
@Controller
public class RetryController {

    private final RetryRun run;
    private final RunMetrics metrics;

    public RetryController(RetryRun run, RunMetrics metrics) {
        this.run = run;
        this.metrics = metrics;
    }

    @Post("/retry")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> retry() {
        RunSummary summary = run.run("retry-" + UUID.randomUUID());
        metrics.record(summary);
        return HttpResponse.<Map<String, Object>>status(summary.failed() ? HttpStatus.BAD_GATEWAY : HttpStatus.OK)
                .body(summary.toMap());
    }

    @Get("/health")
    public Map<String, String> health() {
        return Map.of("status", "UP");
    }
}
