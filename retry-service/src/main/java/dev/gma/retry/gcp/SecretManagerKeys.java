package dev.gma.retry.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import java.io.IOException;

/**
 * Reads the GitHub App's PEM key from Secret Manager once, at start-up. The REST (HTTP/JSON)
 * transport is used, so production and the tests (WireMock) take the same code path. The key is
 * returned to the caller and never logged; an error message names the secret, never its value.
 */
public final class SecretManagerKeys {

    private SecretManagerKeys() {}

    /**
     * @param versionName {@code projects/P/secrets/S/versions/V}
     * @param endpoint    null in production; a test double's {@code http://host:port} (no credentials sent)
     */
    public static String read(String versionName, String endpoint) {
        try (SecretManagerServiceClient client = SecretManagerServiceClient.create(settings(endpoint))) {
            String pem = client.accessSecretVersion(versionName).getPayload().getData().toStringUtf8();
            if (pem.isBlank()) {
                throw new IllegalStateException("the secret " + versionName + " (GITHUB_PRIVATE_KEY_SECRET_ID) is empty");
            }
            return pem;
        } catch (ApiException e) {
            throw new IllegalStateException("reading GITHUB_PRIVATE_KEY_SECRET_ID " + versionName + " from Secret Manager failed: "
                    + e.getStatusCode().getCode() + " " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the Secret Manager client: " + e.getMessage(), e);
        }
    }

    private static SecretManagerServiceSettings settings(String endpoint) throws IOException {
        SecretManagerServiceSettings.Builder settings = SecretManagerServiceSettings.newHttpJsonBuilder();
        if (endpoint != null && !endpoint.isBlank()) {
            settings.setEndpoint(endpoint).setCredentialsProvider(NoCredentialsProvider.create());
        }
        return settings.build();
    }
}
