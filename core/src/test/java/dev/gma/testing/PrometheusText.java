package dev.gma.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

    /**
     * {@code GET /metrics} of the service at {@code server}: answered 200 as Prometheus text, every
     * line a sample or a comment; sample to value.
     */
    public static Map<String, Double> scrape(HttpClient http, URI server) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.resolve("/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return parse(response.body());
    }

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
