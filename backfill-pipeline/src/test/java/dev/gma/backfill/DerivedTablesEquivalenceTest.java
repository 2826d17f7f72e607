package dev.gma.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import dev.gma.store.sqlite.SqliteTransaction;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The derived tables (the SQLite twins in core) built from backfilled events equal those built from
 * the webhook deliveries GitHub would have sent for the same objects (testdata/backfill/webhook-deliveries.json:
 * for a closed pull request an "opened" delivery of its earlier state, then the "closed" one), column for
 * column except when each row was received.
 */
class DerivedTablesEquivalenceTest {

    private static final List<String> TABLES = List.of("pull_requests", "pull_request_reviews", "deployments",
            "deployment_statuses", "dora_changes", "dora_deployment_frequency", "dora_lead_time",
            "dora_change_failure_rate");

    @TempDir Path backfilled;
    @TempDir Path webhooks;

    @Test
    void pullRequestsDeploymentsAndDoraFromBackfillEqualThoseFromWebhookDeliveries() throws Exception {
        try (GitHubFake github = new GitHubFake()) {
            assertThat(Launches.run(github, backfilled, "--repositories=octo-org/hello-world")).isZero();
        }
        storeAsTheWebhookServiceWould(GitHubFake.read("backfill/webhook-deliveries.json"), webhooks);

        for (String table : TABLES) {
            List<String> fromBackfill = rows(backfilled, table);
            List<String> fromWebhooks = rows(webhooks, table);
            assertThat(fromBackfill).as("%s from backfilled events", table).isEqualTo(fromWebhooks);
        }
        assertThat(rows(backfilled, "pull_requests")).hasSize(4);
        assertThat(rows(backfilled, "deployments")).hasSize(2);
        assertThat(rows(backfilled, "deployment_statuses")).hasSize(3);
    }

    /** The columns the webhook service writes for a delivery (PayloadParser's enrichment), source = webhook. */
    private static void storeAsTheWebhookServiceWould(JsonNode deliveries, Path dataDir) throws Exception {
        SqliteDatabase db = SqliteDatabase.openInDataDir(dataDir);
        try (Connection c = db.connect()) {
            SqliteTransaction.run(c, tx -> {
                for (JsonNode d : deliveries) {
                    JsonNode p = d.path("payload");
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("delivery_id", d.path("delivery_id").asText());
                    row.put("signature", "sha256=fixture");
                    row.put("received", Instant.parse(d.path("received").asText()));
                    row.put("event", d.path("event").asText());
                    row.put("payload", p.toString());
                    row.put("action", p.path("action").asText());
                    row.put("installation_id", p.path("installation").path("id").asLong());
                    row.put("organization_id", p.path("organization").path("id").asLong());
                    row.put("organization_name", p.path("organization").path("login").asText());
                    row.put("repository_id", p.path("repository").path("id").asLong());
                    row.put("repository_full_name", p.path("repository").path("full_name").asText());
                    row.put("sender_login", p.path("sender").path("login").asText());
                    row.put("source", "webhook");
                    SqliteRows.insert(tx, "events", row);
                }
            });
        }
    }

    /** Every row of the view as text, without the columns that say when a row was received; sorted. */
    private static List<String> rows(Path dataDir, String table) throws Exception {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> row : Launches.query(dataDir, "SELECT * FROM " + table)) {
            row.keySet().removeIf(column -> column.contains("received"));
            rows.add(row.toString());
        }
        rows.sort(null);
        return rows;
    }
}
