package dev.gma.retry.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.github.TestKeys;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The framework's own answers of the retry service (an unknown path, a wrong method) are in the JSON
 * error contract {@code {"errors": [...]}}, whatever the client accepts (service-common's
 * JsonErrorResponses; before it, Micronaut's own shape with _links and _embedded).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorContractTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("gma.retry.data-dir", Files.createTempDirectory("gma-retry-errors").toString(),
                    "gma.retry.app-id", "42", "gma.retry.private-key", TestKeys.pkcs1Pem(),
                    "gma.retry.api-base-url", "http://127.0.0.1:9", "micronaut.server.port", "-1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void unknownPathsAndWrongMethodsAnswerTheJsonErrorContract() throws Exception {
        assertContract(HttpRequest.newBuilder(server.getURI().resolve("/no-such-path")).header("Accept", "text/html").GET(), 404);
        assertContract(HttpRequest.newBuilder(server.getURI().resolve("/retry")).GET(), 405);
    }

    private void assertContract(HttpRequest.Builder request, int status) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("errors");
        assertThat(body.get("errors").isArray() && body.get("errors").size() > 0).as(response.body()).isTrue();
    }
}
