package dev.gma.dashboard.http;

import dev.gma.dashboard.domain.DashboardService.BadRequest;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error answers {@code {"errors": ["..."]}}, the framework's own (404, 405, 400 on a bad
 * parameter) included, whatever the client accepts.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class JsonErrors implements ErrorResponseProcessor<Map<String, List<String>>> {

    @Override
    public MutableHttpResponse<Map<String, List<String>>> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        List<String> messages = context.getErrors().stream().map(Error::getMessage).toList();
        if (messages.isEmpty()) {
            messages = List.of(response.getStatus().getReason());
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(Map.of("errors", messages));
    }

    /** A bad filter: 400 with what to change. */
    @Singleton
    public static class BadRequestHandler implements ExceptionHandler<BadRequest, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, BadRequest exception) {
            return HttpResponse.badRequest(Map.of("errors", List.of(exception.getMessage())));
        }
    }

    /** The store could not answer (a broken teams file, a failed query): 500 naming the cause. */
    @Singleton
    public static class StoreFailureHandler implements ExceptionHandler<RuntimeException, HttpResponse<?>> {
        private static final Logger LOG = LoggerFactory.getLogger(StoreFailureHandler.class);

        @Override
        public HttpResponse<?> handle(HttpRequest request, RuntimeException exception) {
            LOG.error("{} {} failed: {}", request.getMethod(), request.getPath(), exception.toString(), exception);
            return HttpResponse.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .body(Map.of("errors", List.of("the dashboard could not read its data: " + exception.getMessage())));
        }
    }
}
