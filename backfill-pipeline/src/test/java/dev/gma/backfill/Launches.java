package dev.gma.backfill;

import dev.gma.backfill.options.BackfillConfig;
import dev.gma.backfill.options.BackfillOptions;
import dev.gma.backfill.store.SqliteBackfillStore;
import dev.gma.github.TestKeys;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.gma.store.sqlite.SqliteDatabase;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Runs whole launches in this JVM the way main does (DirectRunner, SQLite), against the fake. */
final class Launches {

    private Launches() {}

    static int run(GitHubFake github, Path dataDir, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--since=2026-06-01", "--dataDir=" + dataDir,
                "--githubAppId=" + GitHubFake.APP_ID, "--githubApiBaseUrl=" + github.baseUri(), "--projectId="));
        args.addAll(List.of(extraArgs));
        PipelineOptionsFactory.register(BackfillOptions.class);
        BackfillOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation()
                .as(BackfillOptions.class);
        BackfillConfig config = BackfillConfig.from(options, Map.of("GITHUB_PRIVATE_KEY", TestKeys.pkcs1Pem()));
        return BackfillPipeline.run(options, config, github.clients(), SqliteBackfillStore.factory(config.dataDir()));
    }

    static List<Map<String, Object>> query(Path dataDir, String sql) throws SQLException {
        SqliteDatabase db = SqliteDatabase.openInDataDir(dataDir);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static long count(Path dataDir, String sql) throws SQLException {
        return ((Number) query(dataDir, sql).get(0).values().iterator().next()).longValue();
    }
}
