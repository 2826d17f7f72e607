package dev.gma.retry;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.github.DeliveriesJson;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gma.github.DeliveryPage;
import dev.gma.github.GitHubAppClient;
import dev.gma.github.GitHubAppSettings;
import dev.gma.github.RetryPolicy;
import dev.gma.github.TestClock;
import dev.gma.github.TestKeys;
import dev.gma.retry.domain.DeliverySource;
import dev.gma.retry.domain.RetryRun;
import dev.gma.retry.domain.RunSummary;
import dev.gma.retry.local.FileDeliveryLock;
import dev.gma.retry.local.SqliteRetryStore;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.net.URI;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retry algorithm against a WireMock GitHub and the real local store, lock and client. */
class RetryRunTest {

    @TempDir Path dataDir;
    private final WireMockServer github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private SqliteDatabase db;

    @BeforeEach
    void start() throws Exception {
        github.start();
        db = SqliteDatabase.openInDataDir(dataDir);
        stubThreePages();
        GitHubStubs.acceptRedeliveries(github);
        try (Connection c = db.connect()) {
            // stored when GitHub delivered it (GitHubStubs: delivered_at 2026-11-22T00:00:00Z + id seconds)
            SqliteRows.insert(c, "events", Map.of("delivery_id", "g-C", "received",
                    Instant.parse("2026-11-22T00:00:28Z"), "event", "issues"));
            for (int i = 0; i < 5; i++) { // g-E has had RETRY_LIMIT redeliveries already
                SqliteRows.insert(c, "redeliveries", Map.of("guid", "g-E", "delivery_id", 1 + i,
                        "attempted_at", Instant.EPOCH, "status_code", 202, "outcome", "REQUESTED"));
            }
        }
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    @Test
    void threePagesRedeliverExactlyTheFailedUnstoredUncappedGuidsOnceEach() {
        RunSummary summary = run(Clock.systemUTC(), Duration.ofMinutes(5));

        assertThat(redeliveredIds()).containsExactlyInAnyOrder(30L, 27L, 23L, 22L);
        assertThat(summary.toMap()).containsEntry("pages", 3).containsEntry("complete", true)
                .containsEntry("already_stored", 1).containsEntry("over_cap", 1).containsEntry("redelivered", 4)
                .containsEntry("checkpoint_after", 30L).containsEntry("store_lookups", 3);
        assertThat(github.findAll(anyRequestedFor(anyUrl()))).as("GitHub calls: pages + redeliveries").hasSize(3 + 4);
        for (LoggedRequest r : github.findAll(anyRequestedFor(anyUrl()))) {
            Claims claims = verify(r.getHeader("Authorization").substring("Bearer ".length()));
            assertThat(claims.getIssuer()).isEqualTo("42");
            assertThat(claims.getExpiration().toInstant()).isAfter(Instant.now());
            assertThat(claims.getIssuedAt().toInstant()).isBefore(Instant.now());
        }
    }

    @Test
    void aSecondRunRedeliversNothingNew() {
        run(Clock.systemUTC(), Duration.ofMinutes(5));
        RunSummary second = run(Clock.systemUTC(), Duration.ofMinutes(5));

        assertThat(second.redelivered()).isZero();
        assertThat(second.toMap()).containsEntry("checkpoint_before", 30L).containsEntry("pages", 1);
        assertThat(redeliveredIds()).hasSize(4);
    }

    @Test
    void aRunStoppedByItsBudgetAndTheNextOneTogetherRedeliverEverythingExactlyOnce() {
        // Each look at the clock costs a minute: the 5-minute budget runs out on the first page.
        RunSummary first = run(new TestClock(Instant.now(), Duration.ofMinutes(1)), Duration.ofMinutes(5));
        assertThat(first.toMap()).containsEntry("complete", false).containsEntry("checkpoint_after", null);
        assertThat(first.redelivered()).isBetween(1, 3);

        RunSummary second = run(Clock.systemUTC(), Duration.ofMinutes(5));

        assertThat(second.toMap()).containsEntry("complete", true);
        assertThat(redeliveredIds()).containsExactlyInAnyOrder(30L, 27L, 23L, 22L);
    }

    @Test
    void aMalformedPageEndsTheRunWithAnErrorKeepsTheCheckpointAndReleasesTheLease() {
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100&cursor=p2"))
                .willReturn(okJson("{\"message\":\"not a page\"}")));

        RunSummary broken = run(Clock.systemUTC(), Duration.ofMinutes(5));

        assertThat(broken.failed()).isTrue();
        assertThat(broken.toMap()).containsEntry("complete", false).containsEntry("checkpoint_after", null)
                .containsEntry("pages", 1);
        assertThat(redeliveredIds()).containsExactlyInAnyOrder(30L, 27L);

        stubThreePages();
        RunSummary repaired = run(Clock.systemUTC(), Duration.ofMinutes(5));
        assertThat(repaired.lockHeld()).as("the failed run released its lease").isFalse();
        assertThat(repaired.toMap()).containsEntry("complete", true).containsEntry("checkpoint_before", null);
        assertThat(redeliveredIds()).containsExactlyInAnyOrder(30L, 27L, 23L, 22L);
    }

    @Test
    void theLookupReadsEventsFromThePagesOldestDeliveryLessTheMargin() throws Exception {
        // g-C (delivery 28, first page) was stored 7 days and 1 second before the page's oldest
        // delivery (27, at 2026-11-22T00:00:27Z): outside a 7-day margin, inside an 8-day one.
        try (Connection c = db.connect()) {
            c.createStatement().executeUpdate("UPDATE events SET received = '2026-11-15T00:00:26.000000Z' WHERE delivery_id = 'g-C'");
        }

        RunSummary sevenDays = run(Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofDays(7));
        assertThat(sevenDays.toMap()).containsEntry("already_stored", 0);
        assertThat(redeliveredIds()).contains(28L);

        github.resetRequests();
        try (Connection c = db.connect()) {
            c.createStatement().executeUpdate("DELETE FROM redeliveries WHERE guid = 'g-C'");
            c.createStatement().executeUpdate("DELETE FROM checkpoint");
        }
        RunSummary eightDays = run(Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofDays(8));
        assertThat(eightDays.toMap()).containsEntry("already_stored", 1);
        assertThat(redeliveredIds()).doesNotContain(28L);
    }

    @Test
    void aRunWhoseLeaseIsHeldDoesNothing() {
        FileDeliveryLock lock = new FileDeliveryLock(dataDir, Duration.ofSeconds(10), Clock.systemUTC());
        lock.tryAcquire("someone-else", Duration.ofMinutes(5));

        RunSummary summary = run(Clock.systemUTC(), Duration.ofMinutes(5));

        assertThat(summary.lockHeld()).isTrue();
        assertThat(github.getAllServeEvents()).isEmpty();
    }

    private RunSummary run(Clock clock, Duration budget) {
        return run(clock, budget, Duration.ofDays(7));
    }

    private RunSummary run(Clock clock, Duration budget, Duration lookupMargin) {
        GitHubAppClient client = new GitHubAppClient(new GitHubAppSettings(42, TestKeys.pkcs1Pem(),
                URI.create(github.baseUrl())), Clock.systemUTC(), new RetryPolicy(2, Duration.ofMillis(1),
                Duration.ofMillis(5)), d -> { });
        SqliteRetryStore store = new SqliteRetryStore(db);
        DeliverySource source = new DeliverySource() {
            @Override
            public DeliveryPage page(Optional<String> cursor, Instant deadline) {
                return client.listDeliveries(cursor, Instant.now().plusSeconds(60));
            }

            @Override
            public int redeliver(long id, Instant deadline) {
                return client.redeliver(id, Instant.now().plusSeconds(60));
            }

            @Override
            public String instanceUrl() {
                return github.baseUrl();
            }
        };
        return new RetryRun(new FileDeliveryLock(dataDir, Duration.ofSeconds(10), Clock.systemUTC()), store, store,
                source, new RetryRun.Limits(5, Duration.ofMinutes(5), budget, lookupMargin), clock).run("test");
    }

    private List<Long> redeliveredIds() {
        return GitHubStubs.redeliveredIds(github);
    }

    /**
     * A GUID whose newest delivery, a redelivery, failed while its original succeeded: on the same
     * page (g-P) or two pages later (g-Q). Neither is redelivered; g-R, failed alone, is.
     */
    @Test
    void aGuidWhoseOlderDeliverySucceededIsNotRedelivered() {
        github.resetMappings();
        GitHubStubs.acceptRedeliveries(github);
        String next = "<" + github.baseUrl() + "/app/hook/deliveries?per_page=100&cursor=%s>; rel=\"next\"";
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(okJson(new DeliveriesJson()
                .redelivery(60, "g-Q", 500).redelivery(59, "g-P", 502).add(58, "g-P", 200).toString())
                .withHeader("Link", String.format(next, "p2"))));
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100&cursor=p2")).willReturn(okJson(new DeliveriesJson()
                .add(57, "g-R", 500).toString()).withHeader("Link", String.format(next, "p3"))));
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100&cursor=p3")).willReturn(okJson(new DeliveriesJson()
                .add(56, "g-Q", 201).toString())));

        RunSummary summary = run(Clock.systemUTC(), Duration.ofMinutes(5));

        assertThat(redeliveredIds()).containsExactly(57L);
        assertThat(summary.toMap()).containsEntry("complete", true).containsEntry("succeeded_earlier", 2)
                .containsEntry("redelivered", 1).containsEntry("checkpoint_after", 60L);
    }

    private void stubThreePages() {
        GitHubStubs.stubThreePages(github);
    }

    private static Claims verify(String jwt) {
        return Jwts.parser().verifyWith((RSAPublicKey) TestKeys.PAIR.getPublic()).build().parseSignedClaims(jwt).getPayload();
    }

}
