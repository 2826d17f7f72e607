package dev.gma.retry.config;

/**
 * The App's PEM private key as the mode's adapter found it (GITHUB_PRIVATE_KEY, or in GCP mode
 * Secret Manager). {@link #toString()} never shows it.
 */
public record GitHubPrivateKey(String pem) {

    @Override
    public String toString() {
        return "GitHubPrivateKey[(hidden)]";
    }
}
