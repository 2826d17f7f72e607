package dev.gma.webhook.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.testing.Testdata;
import dev.gma.webhook.WebhookClient;
import dev.gma.webhook.domain.FaultInjectingPublisher;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gma.webhook.fault.* turns the publisher's fault injection on, for system tests only. */
class FaultInjectionWiringTest {

    @TempDir Path dataDir;

    @Test
    void theConfiguredRateAndSeedDecideWhichPublishesFail() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "gma.webhook.data-dir", dataDir.toString(),
                "gma.webhook.secret", "s",
                "gma.webhook.retry-limit", 1000,
                "gma.webhook.fault.publish-failure-rate", 0.5,
                "gma.webhook.fault.seed", 7))) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            WebhookClient client = new WebhookClient(server.getURI(), "s");
            byte[] body = Testdata.bytes("issues.opened.json");
            SplittableRandom sameSeed = new SplittableRandom(7);
            List<Integer> expected = new ArrayList<>();
            List<Integer> answered = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                expected.add(sameSeed.nextDouble() < 0.5 ? 500 : 201);
                answered.add(client.deliver(WebhookClient.newDeliveryId(), "issues", body).statusCode());
            }
            assertThat(answered).isEqualTo(expected).contains(500, 201);
            try (Connection c = SqliteDatabase.openInDataDir(dataDir).connect();
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT COUNT(*) FROM failure_events WHERE error LIKE '" + FaultInjectingPublisher.MESSAGE + "%'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(answered.stream().filter(s -> s == 500).count());
            }
        }
    }

    @Test
    void aRateOfOneOrMoreStopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "gma.webhook.data-dir", dataDir.toString(),
                "gma.webhook.fault.publish-failure-rate", 1.0)).close())
                .hasStackTraceContaining("GMA_FAULT_PUBLISH_FAILURE_RATE must be in [0, 1)");
    }

    @Test
    void inGcpModeARateIsRefusedUnlessTheEmulatorHostIsSet() {
        Map<String, Object> gcp = new java.util.HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "gma.webhook.data-dir", dataDir.toString(),
                "gma.webhook.secret", "s",
                "gma.gcp.project-id", "p", "gma.gcp.dataset-id", "ds", "gma.gcp.events-topic-id", "events",
                "gma.gcp.dlq-events-topic-id", "dlq", "gma.gcp.payload-bucket-name", "payloads",
                "gma.webhook.fault.publish-failure-rate", 0.35));

        assertThatThrownBy(() -> ApplicationContext.run(gcp, "gcp").close())
                .hasStackTraceContaining("GMA_FAULT_PUBLISH_FAILURE_RATE is for system tests only")
                .hasStackTraceContaining("unless PUBSUB_EMULATOR_HOST points at the Pub/Sub emulator");

        gcp.put("pubsub.emulator.host", "127.0.0.1:9"); // nothing is published here: start-up only
        try (ApplicationContext context = ApplicationContext.run(gcp, "gcp")) {
            assertThat(context.isRunning()).isTrue();
        }
    }
}
