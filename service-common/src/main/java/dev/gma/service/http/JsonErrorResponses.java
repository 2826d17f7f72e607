package dev.gma.service.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * The framework's own error answers (404 unknown path, 405 wrong method, 413 and 431 refused by the
 * HTTP layer, 400 unreadable request) in the service's contract: {@code {"errors": ["..."]}}, JSON
 * whatever the client accepts.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class JsonErrorResponses implements ErrorResponseProcessor<Map<String, List<String>>> {

    @Override
    public MutableHttpResponse<Map<String, List<String>>> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        if (response.getStatus() == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
            // A body over the limit is answered by BodyTooLargeHandler or the intake with their own
            // 413; the framework's 413 comes from Netty refusing a request line or headers past
            // micronaut.server.netty.max-header-size (it passes no cause here), which is a 431.
            return response.status(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE).contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(Map.of("errors", List.of("request headers too large")));
        }
        List<String> messages = context.getErrors().stream().map(Error::getMessage).toList();
        if (messages.isEmpty()) {
            messages = List.of(response.getStatus().getReason());
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(Map.of("errors", messages));
    }

}
