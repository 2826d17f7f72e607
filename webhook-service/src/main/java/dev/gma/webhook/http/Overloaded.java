package dev.gma.webhook.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import java.util.List;
import java.util.Map;

/** The answer when the bodies being read at once would pass MAX_BYTES_IN_FLIGHT. */
final class Overloaded {

    /** Seconds a client waits before sending again; GitHub itself does not retry, the retry service redelivers. */
    static final String RETRY_AFTER_SECONDS = "10";

    private Overloaded() {}

    static HttpResponse<Map<String, Object>> answer() {
        return HttpResponse.<Map<String, Object>>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .body(Map.of("errors", List.of("too many request bodies are being read at once (MAX_BYTES_IN_FLIGHT): "
                        + "nothing was stored; send it again later")));
    }
}
