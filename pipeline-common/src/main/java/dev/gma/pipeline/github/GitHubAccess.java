package dev.gma.pipeline.github;

import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import dev.gma.github.GitHubAppSettings;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * How workers reach GitHub as the App. It travels inside the pipeline, so in GCP mode it holds
 * only the Secret Manager name and each worker reads the key itself; the PEM text is carried only
 * in local mode, where the pipeline never leaves this process.
 */
public record GitHubAccess(long appId, URI apiBaseUrl, String privateKeyPem, String privateKeySecretId)
        implements Serializable {

    public static GitHubAccess withKey(long appId, URI apiBaseUrl, String privateKeyPem) {
        return new GitHubAccess(appId, apiBaseUrl, privateKeyPem, null);
    }

    public static GitHubAccess withSecret(long appId, URI apiBaseUrl, String secretVersion) {
        return new GitHubAccess(appId, apiBaseUrl, null, secretVersion);
    }

    /** The client settings, reading the key from Secret Manager when that is where it lives. */
    public GitHubAppSettings settings() {
        String pem = privateKeyPem != null ? privateKeyPem : readSecret(privateKeySecretId);
        return new GitHubAppSettings(appId, pem, apiBaseUrl);
    }

    private static String readSecret(String version) {
        try (SecretManagerServiceClient secrets = SecretManagerServiceClient.create()) {
            return secrets.accessSecretVersion(version).getPayload().getData().toStringUtf8();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Secret Manager for the GitHub App key", e);
        }
    }

    @Override
    public String toString() {
        return "GitHubAccess[appId=" + appId + ", apiBaseUrl=" + apiBaseUrl + ", key="
                + (privateKeyPem != null ? "(inline, hidden)" : privateKeySecretId) + "]";
    }
}
