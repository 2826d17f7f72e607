package dev.gma.dashboard.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The local repository-to-team mapping: a CSV file ({@code GMA_TEAMS_FILE}, default
 * {@code $GMA_DATA_DIR/teams.csv}) with lines {@code team,owner/repository}; an optional header line
 * {@code team,repository_full_name}; blank lines and lines starting with {@code #} are skipped. Read on
 * every request, so an edit shows on the next page load. A missing file means no teams.
 */
public final class TeamsFile {

    private final Path file;

    public TeamsFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public Map<String, List<String>> read() {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the teams file " + file, e);
        }
        return parse(lines, file.toString());
    }

    static Map<String, List<String>> parse(List<String> lines, String source) {
        Map<String, TreeSet<String>> teams = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String lower = line.toLowerCase();
            boolean header = i == 0 && lower.startsWith("team,") && lower.contains("repositor");
            if (line.isEmpty() || line.startsWith("#") || header) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 2 || cells[0].isBlank() || !cells[1].strip().matches("[\\w.-]+/[\\w.-]+")) {
                throw new IllegalStateException("teams file " + source + " line " + (i + 1)
                        + ": expected 'team,owner/repository', got '" + line + "'");
            }
            teams.computeIfAbsent(cells[0].strip(), t -> new TreeSet<>()).add(cells[1].strip());
        }
        Map<String, List<String>> out = new TreeMap<>();
        teams.forEach((team, repos) -> out.put(team, new ArrayList<>(repos)));
        return out;
    }
}
