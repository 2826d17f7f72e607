package dev.gma.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubAppSettingsTest {

    @Test
    void readsTheEnvironmentAcceptingAKeyWithLiteralBackslashN() {
        GitHubAppSettings s = GitHubAppSettings.fromEnvironment(env(
                "GITHUB_PRIVATE_KEY", TestKeys.pkcs1Pem().replace("\n", "\\n"),
                "GITHUB_API_BASE_URL", "https://ghe.example.com/api/v3/"));

        assertThat(s.appId()).isEqualTo(42);
        assertThat(s.apiBaseUrl()).isEqualTo(URI.create("https://ghe.example.com/api/v3"));
        assertThat(PrivateKeys.parse(s.privateKeyPem()).getEncoded())
                .isEqualTo(TestKeys.PAIR.getPrivate().getEncoded());
    }

    @Test
    void defaultsToGitHubDotCom() {
        assertThat(GitHubAppSettings.fromEnvironment(env()).apiBaseUrl()).isEqualTo(URI.create("https://api.github.com"));
    }

    @Test
    void acceptsTheOriginalServicesEnterpriseServerUrl() {
        assertThat(GitHubAppSettings.fromEnvironment(env("GITHUB_ENTERPRISE_SERVER_URL", "https://ghe.example.com/"))
                .apiBaseUrl()).isEqualTo(URI.create("https://ghe.example.com/api/v3"));
        assertThat(GitHubAppSettings.fromEnvironment(env("GITHUB_ENTERPRISE_SERVER_URL", "https://ghe.example.com/api/v3"))
                .apiBaseUrl()).isEqualTo(URI.create("https://ghe.example.com/api/v3"));
    }

    @Test
    void failsFastNamingTheMissingOrInvalidVariable() {
        assertThatThrownBy(() -> GitHubAppSettings.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GITHUB_APP_ID");
        assertThatThrownBy(() -> GitHubAppSettings.fromEnvironment(env("GITHUB_APP_ID", "my-app")))
                .hasMessageContaining("GITHUB_APP_ID must be a number");
        assertThatThrownBy(() -> GitHubAppSettings.fromEnvironment(Map.of("GITHUB_APP_ID", "42")))
                .hasMessageContaining("GITHUB_PRIVATE_KEY is required");
        assertThatThrownBy(() -> GitHubAppSettings.fromEnvironment(env("GITHUB_PRIVATE_KEY", "nonsense")))
                .hasMessageContaining("GITHUB_PRIVATE_KEY");
        assertThatThrownBy(() -> GitHubAppSettings.fromEnvironment(env("GITHUB_API_BASE_URL", "api.github.com")))
                .hasMessageContaining("GITHUB_API_BASE_URL");
        assertThatThrownBy(() -> GitHubAppSettings.fromEnvironment(env("GITHUB_ENTERPRISE_SERVER_URL", "ftp://x")))
                .hasMessageContaining("GITHUB_ENTERPRISE_SERVER_URL");
    }

    @Test
    void neverPrintsTheKey() {
        String text = GitHubAppSettings.fromEnvironment(env()).toString();
        assertThat(text).contains("appId=42").doesNotContain("PRIVATE KEY").doesNotContain("MII");
    }

    @Test
    void survivesJavaSerializationAsBeamDoes() throws Exception {
        GitHubAppSettings original = GitHubAppSettings.fromEnvironment(env());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(original);
            out.writeObject(RetryPolicy.DEFAULT);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(original);
            assertThat(in.readObject()).isEqualTo(RetryPolicy.DEFAULT);
        }
    }

    /** A valid environment, with some variables replaced. */
    private static Map<String, String> env(String... overrides) {
        Map<String, String> env = new HashMap<>(Map.of("GITHUB_APP_ID", "42", "GITHUB_PRIVATE_KEY", TestKeys.pkcs1Pem()));
        for (int i = 0; i < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return env;
    }
}
