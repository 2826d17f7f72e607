package dev.gma.retry.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.gma.github.TestClock;
import dev.gma.retry.domain.Lease;
import dev.gma.retry.domain.LeaseLostException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cloud Storage lease against WireMock behind the real client: generation preconditions and 412s. */
class GcsDeliveryLockTest {

    private static final String UPLOAD = "/upload/storage/v1/b/locks/o";
    private static final String OBJECT = "/storage/v1/b/locks/o/retry-lock";
    private final WireMockServer gcs = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T10:00:00Z"));
    private GcsDeliveryLock lock;

    @BeforeEach
    void start() {
        gcs.start();
        lock = new GcsDeliveryLock(StorageOptions.http().setHost(gcs.baseUrl()).setProjectId("p")
                .setCredentials(NoCredentials.getInstance()).build().getService(), "locks", Duration.ofSeconds(10), clock);
    }

    @AfterEach
    void stop() {
        gcs.stop();
    }

    @Test
    void anAbsentLockIsCreatedWithIfGenerationMatchZero() {
        gcs.stubFor(post(urlPathEqualTo(UPLOAD)).withQueryParam("ifGenerationMatch", equalTo("0"))
                .willReturn(okJson(object(1, "2026-11-22T10:05:00Z"))));

        assertThat(lock.tryAcquire("me", Duration.ofMinutes(5))).get().extracting(Lease::generation).isEqualTo(1L);
    }

    @Test
    void aLiveLockAnswers412AndIsLeftAlone() {
        gcs.stubFor(post(urlPathEqualTo(UPLOAD)).willReturn(aResponse().withStatus(412)));
        gcs.stubFor(get(urlPathEqualTo(OBJECT)).willReturn(okJson(object(4, "2026-11-22T10:04:55Z"))));
        clock.advance(Duration.ofMinutes(4)); // expired 5 s ago, but within the 10 s clock skew

        assertThat(lock.tryAcquire("me", Duration.ofMinutes(5))).isEmpty();
        gcs.verify(1, postRequestedFor(urlPathEqualTo(UPLOAD)));
    }

    @Test
    void anExpiredLockIsTakenOverWithItsGenerationAndTheFormerHolderLosesIt() {
        gcs.stubFor(post(urlPathEqualTo(UPLOAD)).withQueryParam("ifGenerationMatch", equalTo("0"))
                .willReturn(aResponse().withStatus(412)));
        gcs.stubFor(get(urlPathEqualTo(OBJECT)).willReturn(okJson(object(4, "2026-11-22T09:00:00Z"))));
        gcs.stubFor(post(urlPathEqualTo(UPLOAD)).withQueryParam("ifGenerationMatch", equalTo("4"))
                .willReturn(okJson(object(5, "2026-11-22T10:05:00Z"))));
        gcs.stubFor(post(urlPathEqualTo(UPLOAD)).withQueryParam("ifGenerationMatch", equalTo("3"))
                .willReturn(aResponse().withStatus(412)));

        assertThat(lock.tryAcquire("me", Duration.ofMinutes(5))).get().extracting(Lease::generation).isEqualTo(5L);
        Lease stale = new Lease("old", 3, Instant.parse("2026-11-22T09:00:00Z"));
        assertThatThrownBy(() -> lock.renew(stale, Duration.ofMinutes(5))).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void releaseDeletesOnlyOurGeneration() {
        gcs.stubFor(delete(urlPathEqualTo(OBJECT)).withQueryParam("ifGenerationMatch", equalTo("5"))
                .willReturn(aResponse().withStatus(204)));
        gcs.stubFor(delete(urlPathEqualTo(OBJECT)).withQueryParam("ifGenerationMatch", equalTo("3"))
                .willReturn(aResponse().withStatus(412)));

        lock.release(new Lease("me", 5, clock.instant()));
        lock.release(new Lease("old", 3, clock.instant())); // taken over meanwhile: not an error, nothing deleted

        gcs.verify(deleteRequestedFor(urlPathEqualTo(OBJECT)).withQueryParam("ifGenerationMatch", equalTo("5")));
    }

    private static String object(long generation, String expiresAt) {
        return "{\"kind\":\"storage#object\",\"bucket\":\"locks\",\"name\":\"retry-lock\",\"generation\":\"" + generation
                + "\",\"metageneration\":\"1\",\"metadata\":{\"owner\":\"x\",\"expires_at\":\"" + expiresAt + "\"}}";
    }
}
