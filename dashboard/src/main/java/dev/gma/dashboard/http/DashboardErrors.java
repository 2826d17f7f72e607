package dev.gma.dashboard.http;

import dev.gma.dashboard.domain.DashboardService.BadRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's own failures in the JSON error contract ({@code {"errors": [...]}}); the framework's
 * errors (404, 405, 400 on a bad parameter) are put in it by service-common's JsonErrorResponses.
 */
public final class DashboardErrors {

    private DashboardErrors() {}

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
