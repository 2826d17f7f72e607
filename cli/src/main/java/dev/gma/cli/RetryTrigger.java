package dev.gma.cli;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.IdTokenCredentials;
import com.google.auth.oauth2.IdTokenProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code gma retry now}: one POST /retry to the retry service, as Cloud Scheduler sends it. In GCP
 * mode with an identity token for the service's URL (the caller needs run.invoker on it); the
 * token is never printed.
 */
public final class RetryTrigger {

    /** The service's answer. */
    public record Answer(int status, String body) {}

    /** Where the identity token's credentials come from (the application default ones in use). */
    public interface CredentialsSource {
        GoogleCredentials credentials() throws IOException;
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Duration timeout;
    private final CredentialsSource credentials;

    public RetryTrigger(Duration timeout) {
        this(timeout, GoogleCredentials::getApplicationDefault);
    }

    RetryTrigger(Duration timeout, CredentialsSource credentials) {
        this.timeout = timeout;
        this.credentials = credentials;
    }

    public Answer trigger(URI service, boolean withIdentityToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve("/retry"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (withIdentityToken) {
            request.header("Authorization", "Bearer " + identityToken(service));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private String identityToken(URI audience) throws IOException {
        GoogleCredentials found;
        try {
            found = credentials.credentials();
        } catch (IOException e) {
            throw new IOException("no Google credentials to mint an identity token for " + audience
                    + " (gcloud auth application-default login, or GOOGLE_APPLICATION_CREDENTIALS): " + e.getMessage(), e);
        }
        if (!(found instanceof IdTokenProvider provider)) {
            throw new CliSettings.UsageException("the application default credentials cannot mint identity tokens "
                    + "(use a service account, or gcloud auth application-default login --impersonate-service-account=...)");
        }
        IdTokenCredentials token = IdTokenCredentials.newBuilder()
                .setIdTokenProvider(provider).setTargetAudience(audience.toString()).build();
        token.refresh();
        return token.getIdToken().getTokenValue();
    }
}
