package dev.gma.github;

import java.io.Serializable;
import java.net.URI;
import java.util.Map;

/**
 * How to act as the GitHub App: its id, its private key (PEM as GitHub hands it out) and the
 * API base URL ({@code https://api.github.com}, or {@code https://HOST/api/v3} for GitHub
 * Enterprise Server). Serializable so a Beam DoFn can carry it; the key never appears in
 * {@link #toString()}.
 */
public record GitHubAppSettings(long appId, String privateKeyPem, URI apiBaseUrl) implements Serializable {

    public static final URI DEFAULT_API = URI.create("https://api.github.com");

    public GitHubAppSettings {
        if (appId <= 0) {
            throw new IllegalArgumentException("GITHUB_APP_ID must be a positive number");
        }
        if (privateKeyPem == null || privateKeyPem.isBlank()) {
            throw new IllegalArgumentException("GITHUB_PRIVATE_KEY is required (the App's PEM private key)");
        }
        privateKeyPem = privateKeyPem.replace("\\n", "\n");
        PrivateKeys.parse(privateKeyPem); // fail at start-up, not on the first call
        apiBaseUrl = withoutTrailingSlash(apiBaseUrl == null ? DEFAULT_API : apiBaseUrl);
    }

    /**
     * Reads GITHUB_APP_ID, GITHUB_PRIVATE_KEY and GITHUB_API_BASE_URL (or the original service's
     * GITHUB_ENTERPRISE_SERVER_URL), failing with a message that names the variable.
     */
    public static GitHubAppSettings fromEnvironment(Map<String, String> env) {
        String id = env.get("GITHUB_APP_ID");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("GITHUB_APP_ID is required");
        }
        long appId;
        try {
            appId = Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GITHUB_APP_ID must be a number");
        }
        return new GitHubAppSettings(appId, env.get("GITHUB_PRIVATE_KEY"), apiBaseUrl(env));
    }

    static URI apiBaseUrl(Map<String, String> env) {
        String url = env.getOrDefault("GITHUB_API_BASE_URL", "");
        if (url.isBlank()) {
            url = env.getOrDefault("GITHUB_ENTERPRISE_SERVER_URL", "");
        }
        if (url.isBlank()) {
            return DEFAULT_API;
        }
        try {
            URI uri = URI.create(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("GITHUB_API_BASE_URL must be an absolute URL, e.g. https://api.github.com");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GITHUB_API_BASE_URL is not a valid URL: " + e.getMessage());
        }
    }

    private static URI withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }

    @Override
    public String toString() {
        return "GitHubAppSettings[appId=" + appId + ", apiBaseUrl=" + apiBaseUrl + ", privateKey=(hidden)]";
    }
}
