package dev.gma.testing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Prometheus text format as the services' {@code GET /metrics} serve it, read for tests: every
 * line not a comment must be a sample (name, optional labels, a number), else parsing fails.
 */
public final class PrometheusText {

    /** One sample line of the text format: name, optional labels, a number. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\",?)*\\})? -?([0-9.eE+-]+|NaN|[+-]Inf)");

    private PrometheusText() {}

    /** Sample (name with its labels) to value; throws on any line that is not a sample or a comment. */
    public static Map<String, Double> parse(String body) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!SAMPLE.matcher(line).matches()) {
                throw new IllegalArgumentException("not a Prometheus sample line: " + line);
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    /** The sum of a metric's samples whose labels contain every given {@code key="value"}. */
    public static double value(Map<String, Double> samples, String name, String... labels) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().startsWith(name + "{") || e.getKey().equals(name))
                .filter(e -> Arrays.stream(labels).allMatch(l -> e.getKey().contains(l)))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
