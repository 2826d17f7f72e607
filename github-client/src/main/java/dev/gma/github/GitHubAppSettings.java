package dev.gma.github;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * How to act as the GitHub App: its id, its private key (PEM as GitHub hands it out) and the
 * REST API base URL ({@code https://api.github.com}, or {@code https://HOST/api/v3} for GitHub
 * Enterprise Server). The key is parsed here so a bad key stops start-up, not the first call.
 * Serializable so a Beam DoFn can carry it; {@link #toString()} never shows the key.
 *
 * @param privateKeyPem PEM text; literal {@code \n} sequences (as one-line env vars hold them) become newlines
 * @param apiBaseUrl    null means {@code https://api.github.com}; a trailing slash is dropped
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
        PrivateKeys.parse(privateKeyPem);
        apiBaseUrl = withoutTrailingSlash(apiBaseUrl == null ? DEFAULT_API : apiBaseUrl);
    }

    /**
     * Reads {@code GITHUB_APP_ID}, {@code GITHUB_PRIVATE_KEY} and {@code GITHUB_API_BASE_URL}.
     * When the latter is unset, the original service's {@code GITHUB_ENTERPRISE_SERVER_URL}
     * (the server's address, {@code https://HOST}) is accepted and {@code /api/v3} appended as
     * go-github does. Fails with an {@link IllegalArgumentException} naming the variable.
     */
    public static GitHubAppSettings fromEnvironment(Map<String, String> env) {
        return new GitHubAppSettings(appId(env.get("GITHUB_APP_ID")), env.get("GITHUB_PRIVATE_KEY"), apiBaseUrl(env));
    }

    private static long appId(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("GITHUB_APP_ID is required (the App's numeric id)");
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GITHUB_APP_ID must be a number, got '" + value.strip() + "'");
        }
    }

    private static URI apiBaseUrl(Map<String, String> env) {
        String api = env.get("GITHUB_API_BASE_URL");
        if (api != null && !api.isBlank()) {
            return httpUrl("GITHUB_API_BASE_URL", api);
        }
        String server = env.get("GITHUB_ENTERPRISE_SERVER_URL");
        if (server != null && !server.isBlank()) {
            URI uri = withoutTrailingSlash(httpUrl("GITHUB_ENTERPRISE_SERVER_URL", server));
            return uri.getPath().endsWith("/api/v3") ? uri : URI.create(uri + "/api/v3");
        }
        return DEFAULT_API;
    }

    private static URI httpUrl(String variable, String value) {
        try {
            URI uri = new URI(value.strip());
            boolean http = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null) {
                throw new IllegalArgumentException(variable + " must be an absolute http(s) URL such as "
                        + "https://api.github.com or https://HOST/api/v3, got '" + value.strip() + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(variable + " is not a valid URL: " + e.getMessage());
        }
    }

    private static URI withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.replaceAll("/+$", "")) : uri;
    }

    @Override
    public String toString() {
        return "GitHubAppSettings[appId=" + appId + ", apiBaseUrl=" + apiBaseUrl + ", privateKeyPem=(hidden)]";
    }
}
