package dev.gma.webhook.http;

import dev.gma.webhook.config.WebhookSettings;
import dev.gma.webhook.domain.IntakeResult;
import dev.gma.webhook.domain.WebhookIntake;
import dev.gma.webhook.domain.WebhookRequest;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
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
import org.slf4j.MDC;

/**
 * {@code POST /webhook}: translates HTTP to {@link WebhookIntake} and its result back. The body
 * is not bound: the intake reads it as a stream, so the server never buffers a whole payload.
 */
@Controller
public class WebhookController {

    private final WebhookIntake intake;
    private final long maxBodyBytes;
    private final DeliveryMetrics metrics;

    private final BytesInFlight inFlight;

    public WebhookController(WebhookIntake intake, WebhookSettings settings, DeliveryMetrics metrics, BytesInFlight inFlight) {
        this.intake = intake;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.maxBodyBytes = settings.maxBodyBytes();
    }

    @Post(uri = "/webhook", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> receive(HttpRequest<?> request) throws Exception {
        HttpHeaders h = request.getHeaders();
        String deliveryId = h.get("X-GitHub-Delivery");
        MDC.put("delivery_id", deliveryId == null ? "" : deliveryId);
        long claim = inFlight.claimOf(request.getContentLength());
        if (!inFlight.tryAdmit(claim)) {
            MDC.remove("delivery_id");
            metrics.answered(h.get("X-GitHub-Event"), 503, null);
            return Overloaded.answer();
        }
        try (InputStream body = new BodyLimitStream(((ServerHttpRequest<?>) request).byteBody().toInputStream(),
                maxBodyBytes)) {
            Long length = request.getContentLength() < 0 ? null : request.getContentLength();
            IntakeResult result = intake.receive(new WebhookRequest(h.get(HttpHeaders.CONTENT_TYPE), deliveryId,
                    h.get("X-GitHub-Event"), h.get("X-Hub-Signature-256"), h.get("X-GitHub-Hook-ID"), length, body));
            metrics.answered(h.get("X-GitHub-Event"), result.status(), result.outcome());
            MutableHttpResponse<Map<String, Object>> response = HttpResponse.<Map<String, Object>>status(
                    HttpStatus.valueOf(result.status())).body(bodyOf(result, deliveryId));
            return result.status() == 413 ? response.header(HttpHeaders.CONNECTION, "close") : response;
        } finally {
            inFlight.release(claim);
            MDC.remove("delivery_id");
        }
    }

    private static Map<String, Object> bodyOf(IntakeResult result, String deliveryId) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!result.errors().isEmpty()) {
            body.put("errors", result.errors());
        }
        if (result.outcome() != null) {
            body.put("delivery_id", deliveryId);
            body.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
        }
        return body;
    }
}
