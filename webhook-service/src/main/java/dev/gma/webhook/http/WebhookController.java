package dev.gma.webhook.http;

import dev.gma.webhook.config.WebhookSettings;
import dev.gma.webhook.domain.IntakeResult;
import dev.gma.webhook.domain.RequestBody;
import dev.gma.webhook.domain.WebhookIntake;
import dev.gma.webhook.domain.WebhookRequest;
import dev.gma.webhook.metrics.BytesInFlight;
import dev.gma.webhook.metrics.DeliveryMetrics;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.netty.util.concurrent.EventExecutor;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /webhook}: translates HTTP to {@link WebhookIntake} and its result back.
 *
 * <p>Two paths, one set of checks. A body that declares at most {@link WebhookIntake#IN_MEMORY_BYTES}
 * is buffered by the server and the whole request runs on its Netty event loop: nothing blocks,
 * and the answer is written when the publish future completes (no hand-off to a blocking thread,
 * no thread parked on the publish: that was a third of the CPU of a small delivery). A chunked or
 * larger body is streamed on the blocking executor, where only the read blocks, so the server
 * never buffers a large payload.
 *
 * <p>Either way the answer is built on the connection's event loop, not on the thread that
 * completed the publish (the SQLite writer thread, whose next group commit must not wait on
 * response encoding; a Pub/Sub callback thread).
 */
@Controller
public class WebhookController {

    private final WebhookIntake intake;
    private final DeliveryMetrics metrics;
    private final BytesInFlight inFlight;
    private final ExecutorService blocking;
    private final long maxBodyBytes;

    public WebhookController(WebhookIntake intake, WebhookSettings settings, DeliveryMetrics metrics,
                             BytesInFlight inFlight, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.intake = intake;
        this.maxBodyBytes = settings.maxBodyBytes();
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.blocking = blocking;
    }

    @Post(uri = "/webhook", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public CompletableFuture<HttpResponse<Map<String, Object>>> receive(HttpRequest<?> request) {
        HttpHeaders h = request.getHeaders();
        String deliveryId = h.get("X-GitHub-Delivery");
        String event = h.get("X-GitHub-Event");
        long contentLength = request.getContentLength();
        long claim = inFlight.claimOf(contentLength);
        if (!inFlight.tryAdmit(claim)) {
            metrics.answered(event, 503, null);
            return CompletableFuture.completedFuture(Overloaded.answer());
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.release(claim);
            }
        };
        Long length = contentLength < 0 ? null : contentLength;
        ByteBody body = ((ServerHttpRequest<?>) request).byteBody();
        CompletableFuture<IntakeResult> result;
        try {
            if (WebhookIntake.fitsInMemory(length)) {
                result = intake.receive(head(h, deliveryId, event, length, RequestBody.buffered(buffered(body))));
            } else {
                result = CompletableFuture.supplyAsync(() -> intake.receive(head(h, deliveryId, event, length,
                        RequestBody.streamed(new BodyLimitStream(body.toInputStream(), maxBodyBytes)))),
                        blocking).thenCompose(answer -> answer);
            }
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        return result.whenComplete((answer, failure) -> release.run())
                .thenApplyAsync(answer -> respond(answer, deliveryId, event), eventLoopOf(request));
    }

    private static WebhookRequest head(HttpHeaders h, String deliveryId, String event, Long length, RequestBody body) {
        return new WebhookRequest(h.get(HttpHeaders.CONTENT_TYPE), deliveryId, event, h.get("X-Hub-Signature-256"),
                h.get("X-GitHub-Hook-ID"), length, body);
    }

    /**
     * The body's bytes once the server has all of them; fails when it cannot get them (the client
     * went away: the connection's close fails the buffer, the idle timeout closes a stalled one).
     */
    private CompletableFuture<byte[]> buffered(ByteBody body) {
        return body.buffer().handle((available, failure) -> {
            if (failure != null) {
                throw BodyLimitStream.asReadFailure(failure, maxBodyBytes);
            }
            try (CloseableAvailableByteBody bytes = available) {
                return bytes.toByteArray();
            }
        });
    }

    private HttpResponse<Map<String, Object>> respond(IntakeResult result, String deliveryId, String event) {
        metrics.answered(event, result.status(), result.outcome());
        MutableHttpResponse<Map<String, Object>> response = HttpResponse.<Map<String, Object>>status(
                HttpStatus.valueOf(result.status())).body(bodyOf(result, deliveryId));
        return result.status() == 413 ? response.header(HttpHeaders.CONNECTION, "close") : response;
    }

    /** Runs a step on the request's event loop: at once when already there, else queued to it. */
    private static Executor eventLoopOf(HttpRequest<?> request) {
        if (request instanceof NettyHttpRequest<?> netty) {
            EventExecutor loop = netty.getChannelHandlerContext().executor();
            return step -> {
                if (loop.inEventLoop()) {
                    step.run();
                } else {
                    loop.execute(step);
                }
            };
        }
        return Runnable::run;
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
