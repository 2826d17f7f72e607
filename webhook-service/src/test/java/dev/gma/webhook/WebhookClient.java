package dev.gma.webhook;

import dev.gma.webhook.domain.SignatureVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** Sends deliveries the way GitHub does, for tests: signed bodies with GitHub's headers. */
public final class WebhookClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI webhook;
    private final String secret;

    public WebhookClient(URI base, String secret) {
        this.webhook = base.resolve("/webhook");
        this.secret = secret;
    }

    public static String newDeliveryId() {
        return UUID.randomUUID().toString();
    }

    /** A signed JSON delivery. */
    public HttpResponse<String> deliver(String deliveryId, String event, byte[] body) {
        return send(request(deliveryId, event, "application/json")
                .header("X-Hub-Signature-256", SignatureVerifier.sign(secret, body)), body);
    }

    /** Anything else: the caller sets the headers (or leaves them out) itself. */
    public HttpRequest.Builder request(String deliveryId, String event, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(30));
        if (deliveryId != null) {
            b.header("X-GitHub-Delivery", deliveryId);
        }
        if (event != null) {
            b.header("X-GitHub-Event", event);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return b;
    }

    public HttpResponse<String> send(HttpRequest.Builder request, byte[] body) {
        try {
            return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("webhook request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
