package dev.gma.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** gma retry now against a fake retry service on loopback. */
class RetryNowTest {

    WireMockServer retry;

    @BeforeEach
    void start() {
        retry = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        retry.start();
    }

    @AfterEach
    void stop() {
        retry.stop();
    }

    LocalCommandsTest.Run gma(String... args) {
        return LocalCommandsTest.gma(Map.of("RETRY_SERVICE_URL", "http://127.0.0.1:" + retry.port()), args);
    }

    @Test
    void printsTheRunSummary() {
        retry.stubFor(post("/retry").willReturn(aResponse().withStatus(200).withBody("{\"state\":\"COMPLETED\",\"redelivered\":3}")));
        LocalCommandsTest.Run run = gma("retry", "now");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("\"redelivered\":3");
        retry.verify(1, postRequestedFor(urlEqualTo("/retry")));
    }

    @Test
    void aRefusedRunIsAFailureWithItsAnswer() {
        retry.stubFor(post("/retry").willReturn(aResponse().withStatus(409).withBody("{\"errors\":[\"lock held\"]}")));
        LocalCommandsTest.Run run = gma("retry", "now");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("lock held");
        assertThat(run.err()).contains("answered 409");
    }

    @Test
    void anUnreachableServiceIsAFailure() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        LocalCommandsTest.Run run = LocalCommandsTest.gma(Map.of("RETRY_SERVICE_URL", "http://127.0.0.1:" + closed), "retry", "now");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("retry now failed").doesNotContain("Bearer");
    }

    @Test
    void credentialsThatCannotMintAnIdentityTokenStopTheRunBeforeAnyRequest() {
        RetryTrigger userToken = new RetryTrigger(Duration.ofSeconds(5),
                () -> GoogleCredentials.create(new AccessToken("ya29.secret-user-token", null)));
        assertThatThrownBy(() -> userToken.trigger(URI.create("http://127.0.0.1:" + retry.port()), true))
                .isInstanceOf(CliSettings.UsageException.class)
                .hasMessageContaining("cannot mint identity tokens")
                .hasMessageNotContaining("ya29");

        RetryTrigger noCredentials = new RetryTrigger(Duration.ofSeconds(5), () -> {
            throw new IOException("The Application Default Credentials are not available.");
        });
        assertThatThrownBy(() -> noCredentials.trigger(URI.create("http://127.0.0.1:" + retry.port()), true))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no Google credentials to mint an identity token")
                .hasMessageContaining("Application Default Credentials are not available");
        retry.verify(0, postRequestedFor(urlEqualTo("/retry")));
    }

    @Test
    void gcpModeNeedsTheServiceUrl() {
        LocalCommandsTest.Run run = LocalCommandsTest.gma(Map.of("PROJECT_ID", "p"), "retry", "now");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("RETRY_SERVICE_URL");
    }
}
