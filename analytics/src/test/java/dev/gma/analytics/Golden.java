package dev.gma.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Expected results in {@code testdata/analytics/expected/<view>.tsv}: a header of column names, then
 * one row per line, tab-separated, {@code NULL} for null, timestamps ISO-8601 UTC, doubles to 6
 * decimals. Lines starting with {@code #} are comments; {@code # not compared: a, b} names columns of
 * the view left out of the file (e.g. the raw payload). Run with {@code -Dgolden.update=true} to
 * rewrite the files from ZetaSQL's results, then review the diff by hand.
 */
record Golden(List<String> notCompared, Result expected) {

    static Path file(String view) {
        return Repo.golden().resolve(view + ".tsv");
    }

    static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    static Golden read(String view) {
        try {
            List<String> notCompared = new ArrayList<>();
            List<String> header = null;
            List<List<String>> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file(view))) {
                if (line.startsWith("# not compared:")) {
                    Arrays.stream(line.substring("# not compared:".length()).split(","))
                            .map(String::strip).filter(s -> !s.isEmpty()).forEach(notCompared::add);
                } else if (line.startsWith("#") || line.isBlank()) {
                    continue;
                } else if (header == null) {
                    header = List.of(line.split("\t", -1));
                } else {
                    rows.add(List.of(line.split("\t", -1)));
                }
            }
            if (header == null) {
                throw new IllegalStateException("golden file " + file(view) + " has no header");
            }
            return new Golden(notCompared, new Result(header, header.stream().map(h -> "?").toList(), rows));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file " + file(view), e);
        }
    }

    static void write(String view, Result actual, List<String> notCompared) {
        List<String> cols = actual.columns().stream().filter(c -> !notCompared.contains(c)).toList();
        Result r = actual.project(cols);
        StringBuilder out = new StringBuilder();
        out.append("# ").append(view).append(": expected rows (sorted) for testdata/analytics/events.json; checked by hand\n");
        if (!notCompared.isEmpty()) {
            out.append("# not compared: ").append(String.join(", ", notCompared)).append('\n');
        }
        out.append(String.join("\t", r.columns())).append('\n');
        for (List<String> row : r.rows()) {
            out.append(String.join("\t", row)).append('\n');
        }
        try {
            Files.createDirectories(Repo.golden());
            Files.writeString(file(view), out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
