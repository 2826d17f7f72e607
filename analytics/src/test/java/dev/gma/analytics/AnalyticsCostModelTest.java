package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The cost model of docs/benchmarks.md, run on the real refresh script and the former views: what one
 * refresh and one DORA dashboard query read with one and with two years of history. The table it
 * prints is what bench/analytics-cost.sh copies into the doc.
 */
class AnalyticsCostModelTest {

    @Test
    void newFiguresDoNotGrowWithHistoryAndTheOldViewsDo() throws IOException {
        AnalyticsCostModel model = new AnalyticsCostModel();
        AnalyticsCostModel.Figures refresh1 = model.refresh(365);
        AnalyticsCostModel.Figures refresh2 = model.refresh(730);
        AnalyticsCostModel.Figures tiles1 = model.dashboardOnTables(365);
        AnalyticsCostModel.Figures tiles2 = model.dashboardOnTables(730);
        AnalyticsCostModel.Figures old1 = model.dashboardOnOldViews(365);
        AnalyticsCostModel.Figures old2 = model.dashboardOnOldViews(730);

        assertThat(refresh2.eventsBytes()).as("events bytes per refresh").isEqualTo(refresh1.eventsBytes()).isPositive();
        assertThat(model.unboundedReads()).as("derived tables a refresh reads with no partition bound").isEmpty();
        assertThat(refresh2.derivedBytes()).as("derived-table bytes per refresh").isEqualTo(refresh1.derivedBytes()).isPositive();
        assertThat(tiles2.total()).as("dashboard on tables").isEqualTo(tiles1.total()).isPositive();
        assertThat(old2.total()).as("dashboard on the old views").isGreaterThanOrEqualTo(2 * old1.total() - 10);
        assertThat(old1.total()).as("old views cost more than the new tables already at 1 year")
                .isGreaterThan(100 * tiles1.total());

        String table = String.join("\n",
                "| what is read | 1 year of history | 2 years of history |",
                "|---|---|---|",
                row("refresh, `events` and `leech_status` partitions of the window", refresh1.eventsBytes(), refresh2.eventsBytes()),
                row("refresh, derived tables (from each read's partition bound; MERGE/DELETE targets whole rows)", refresh1.derivedBytes(), refresh2.derivedBytes()),
                row("refresh, total", refresh1.total(), refresh2.total()),
                row("DORA dashboard (4 tiles, 90 days), new tables", tiles1.total(), tiles2.total()),
                row("DORA dashboard (4 tiles, 90 days), old views", old1.total(), old2.total()),
                "");
        StringBuilder breakdown = new StringBuilder("\n| derived table read by one refresh (1 year) | bytes |\n|---|---|\n");
        model.breakdown(365).entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> breakdown.append("| ").append(e.getKey()).append(" | ").append(human(e.getValue())).append(" |\n"));
        table = table + breakdown;
        System.out.println(table);
        Path out = Path.of("target", "analytics-cost.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private static String row(String what, long one, long two) {
        return String.format(Locale.ROOT, "| %s | %s | %s |", what, human(one), human(two));
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
