package dev.gma.webhook.http;

import dev.gma.webhook.config.WebhookSettings;
import dev.gma.webhook.domain.WebhookIntake;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The server refuses a body over the limit from its Content-Length, or while reading a chunked
 * one, before our controller sees it; this gives that refusal the contract's JSON shape.
 */
@Singleton
@Replaces(ContentLengthExceededHandler.class)
public class BodyTooLargeHandler implements ExceptionHandler<ContentLengthExceededException, HttpResponse<?>> {

    private final long limit;

    public BodyTooLargeHandler(WebhookSettings settings) {
        this.limit = settings.maxBodyBytes();
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ContentLengthExceededException exception) {
        // Connection: close: the rest of the body will not be read, and a client still writing it
        // must see the answer now rather than block until the idle timeout.
        return HttpResponse.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE)
                .header(HttpHeaders.CONNECTION, "close")
                .body(Map.of("errors", WebhookIntake.tooLarge(limit).errors()));
    }
}
