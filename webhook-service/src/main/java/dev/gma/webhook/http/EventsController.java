package dev.gma.webhook.http;

import dev.gma.webhook.config.WebhookSettings;
import dev.gma.webhook.events.ReportIntake;
import dev.gma.webhook.events.ReportIntake.Kind;
import dev.gma.webhook.events.ReportRequest;
import dev.gma.webhook.events.ReportResult;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import dev.gma.webhook.metrics.BytesInFlight;
import dev.gma.webhook.metrics.DeliveryMetrics;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /events/deployments}, {@code /events/incidents} and {@code /events/pagerduty}:
 * translates HTTP to {@link ReportIntake} and its result back (contract in docs/events.md).
 */
@Controller("/events")
public class EventsController {

    private final ReportIntake intake;
    private final long serverLimit;
    private final DeliveryMetrics metrics;

    private final BytesInFlight inFlight;

    public EventsController(ReportIntake intake, WebhookSettings settings, DeliveryMetrics metrics, BytesInFlight inFlight) {
        this.intake = intake;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.serverLimit = settings.maxBodyBytes();
    }

    @Post(uri = "/deployments", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> deployment(HttpRequest<?> request) throws Exception {
        return receive(Kind.DEPLOYMENT, request);
    }

    @Post(uri = "/incidents", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> incident(HttpRequest<?> request) throws Exception {
        return receive(Kind.INCIDENT, request);
    }

    @Post(uri = "/pagerduty", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> pagerDuty(HttpRequest<?> request) throws Exception {
        return receive(Kind.PAGERDUTY, request);
    }

    private HttpResponse<Map<String, Object>> receive(Kind kind, HttpRequest<?> request) throws Exception {
        HttpHeaders h = request.getHeaders();
        String label = kind.name().toLowerCase(java.util.Locale.ROOT) + "_report";
        long claim = inFlight.claimOf(request.getContentLength());
        if (!inFlight.tryAdmit(claim)) {
            metrics.answered(label, 503, null);
            return Overloaded.answer();
        }
        try (InputStream body = new BodyLimitStream(((ServerHttpRequest<?>) request).byteBody().toInputStream(),
                serverLimit)) {
            Long length = request.getContentLength() < 0 ? null : request.getContentLength();
            ReportResult result = intake.receive(kind, new ReportRequest(h.get(HttpHeaders.CONTENT_TYPE),
                    h.get(HttpHeaders.AUTHORIZATION), h.get("X-PagerDuty-Signature"), length, body));
            metrics.answered(label, result.status(), result.outcome());
            return HttpResponse.<Map<String, Object>>status(HttpStatus.valueOf(result.status())).body(bodyOf(result));
        } finally {
            inFlight.release(claim);
        }
    }

    private static Map<String, Object> bodyOf(ReportResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!result.errors().isEmpty()) {
            body.put("errors", result.errors());
        }
        if (result.outcome() != null) {
            body.put("id", result.id());
            body.put("delivery_id", result.deliveryId());
            body.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
        }
        return body;
    }
}
