package dev.gma.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.testing.JarProcess;
import dev.gma.testing.Testdata;
import dev.gma.webhook.WebhookClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as `java -jar` exactly as the README says. */
class WebhookJarIT {

    private static final Path JAR = Path.of("target", "webhook-service.jar");
    private static final String SECRET = "it-secret";

    @TempDir Path dataDir;

    @Test
    void fiftyConcurrentDeliveriesAreAllStoredAndNoneTwice() throws Exception {
        try (JarProcess service = JarProcess.start(JAR, Map.of("GMA_DATA_DIR", dataDir.toString(),
                "GITHUB_WEBHOOK_SECRET", SECRET), List.of())) {
            service.awaitHealthy(Duration.ofSeconds(60));
            WebhookClient client = new WebhookClient(service.baseUri(), SECRET);
            List<Path> payloads = Testdata.webhookPayloads();
            ExecutorService pool = Executors.newFixedThreadPool(50);
            try {
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Path payload = payloads.get(i % payloads.size());
                    byte[] body = Files.readAllBytes(payload);
                    String id = "it-" + i;
                    answers.add(pool.submit(() -> client.deliver(id, Testdata.eventOf(payload), body)));
                }
                for (Future<HttpResponse<String>> answer : answers) {
                    assertThat(answer.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        try (Connection c = SqliteDatabase.openInDataDir(dataDir).connect();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT COUNT(*), COUNT(DISTINCT delivery_id) FROM events WHERE delivery_id LIKE 'it-%'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows").isEqualTo(50);
            assertThat(rs.getInt(2)).as("distinct delivery ids").isEqualTo(50);
        }
    }

    @Test
    void gcpModeRefusesToStartWithoutItsSettingsAndNamesThem() throws Exception {
        try (JarProcess service = JarProcess.start(JAR, Map.of("PROJECT_ID", "p", "GMA_DATA_DIR", dataDir.toString()),
                List.of())) {
            assertThat(service.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(service.output()).contains("GITHUB_WEBHOOK_SECRET is required in GCP mode",
                    "EVENTS_TOPIC_ID is required in GCP mode");
        }
    }
}
