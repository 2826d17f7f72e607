package dev.gma.github;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A GitHub stand-in: WireMock on a free loopback port, one server per test class, reset before
 * each test; a client on a fixed clock whose waits are recorded, never slept.
 */
abstract class GitHubStubTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Instant FAR_DEADLINE = NOW.plus(Duration.ofHours(1));
    static final RetryPolicy FAST_POLICY = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1));

    static WireMockServer github;

    final List<Duration> waits = new ArrayList<>();
    TestClock clock;
    GitHubAppClient client;

    @BeforeAll
    static void startGitHub() {
        // Content-Length instead of chunked bodies, as GitHub and its blob storage answer.
        github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER));
        github.start();
    }

    @AfterAll
    static void stopGitHub() {
        github.stop();
    }

    @BeforeEach
    void freshClient() {
        github.resetAll();
        clock = new TestClock(NOW);
        client = clientWith(clock);
    }

    GitHubAppClient clientWith(TestClock clientClock) {
        return new GitHubAppClient(new GitHubAppSettings(42, TestKeys.pkcs1Pem(), URI.create(github.baseUrl())),
                clientClock, FAST_POLICY, waits::add);
    }
}
