package dev.gma.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gma.testing.JarProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The official Pub/Sub emulator (Google Cloud CLI) on a free loopback port, driven through its
 * REST surface with java.net.http (no client library). Stopped with its whole process tree.
 */
public final class PubSubEmulator implements AutoCloseable {

    public static final String PROJECT = "test-project";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One pulled message: its data (the event JSON) and the id to acknowledge it with. */
    public record Message(String ackId, byte[] data) {}

    private final Process process;
    private final String hostPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private PubSubEmulator(Process process, String hostPort, Path log) {
        this.process = process;
        this.hostPort = hostPort;
        this.log = log;
    }

    /**
     * Whether gcloud is on PATH; throws when it is missing and {@code GMA_REQUIRE_EMULATOR=true}
     * (see {@link RequiredTool#GCLOUD}).
     */
    public static boolean installed() {
        return RequiredTool.GCLOUD.present();
    }

    public static PubSubEmulator start() throws IOException, InterruptedException {
        String hostPort = "127.0.0.1:" + JarProcess.freePort();
        Path log = Files.createTempFile("pubsub-emulator", ".log");
        ProcessBuilder pb = new ProcessBuilder("gcloud", "beta", "emulators", "pubsub", "start",
                "--host-port=" + hostPort, "--project=" + PROJECT)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // Loopback only: no usage reports, no update checks.
        pb.environment().put("CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true");
        pb.environment().put("CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true");
        PubSubEmulator emulator = new PubSubEmulator(pb.start(), hostPort, log);
        emulator.awaitReady(Duration.ofSeconds(60));
        return emulator;
    }

    /** PUBSUB_EMULATOR_HOST for clients. */
    public String hostPort() {
        return hostPort;
    }

    public void createTopic(String topic) throws IOException, InterruptedException {
        send("PUT", "/v1/projects/" + PROJECT + "/topics/" + topic, "{}");
    }

    public void createSubscription(String subscription, String topic) throws IOException, InterruptedException {
        send("PUT", "/v1/projects/" + PROJECT + "/subscriptions/" + subscription,
                "{\"topic\":\"projects/" + PROJECT + "/topics/" + topic + "\",\"ackDeadlineSeconds\":60}");
    }

    /** What is available now, at most {@code max} messages, without waiting; not acknowledged yet. */
    public List<Message> pull(String subscription, int max) throws IOException, InterruptedException {
        JsonNode answer = JSON.readTree(send("POST", "/v1/projects/" + PROJECT + "/subscriptions/" + subscription
                + ":pull", "{\"maxMessages\":" + max + ",\"returnImmediately\":true}"));
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : answer.path("receivedMessages")) {
            messages.add(new Message(m.path("ackId").asText(),
                    Base64.getDecoder().decode(m.path("message").path("data").asText())));
        }
        return messages;
    }

    /** Pulls and acknowledges until {@code count} messages arrived or {@code timeout} passed; their data as text. */
    public List<String> pull(String subscription, int count, Duration timeout) throws IOException, InterruptedException {
        List<String> texts = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (texts.size() < count && Instant.now().isBefore(deadline)) {
            List<Message> batch = pull(subscription, 100);
            batch.forEach(m -> texts.add(new String(m.data(), java.nio.charset.StandardCharsets.UTF_8)));
            if (batch.isEmpty()) {
                Thread.sleep(50);
            } else {
                acknowledge(subscription, batch);
            }
        }
        return texts;
    }

    public void deleteTopic(String topic) throws IOException, InterruptedException {
        send("DELETE", "/v1/projects/" + PROJECT + "/topics/" + topic, null);
    }

    public void acknowledge(String subscription, List<Message> messages) throws IOException, InterruptedException {
        if (messages.isEmpty()) {
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode ids = body.putArray("ackIds");
        messages.forEach(m -> ids.add(m.ackId()));
        send("POST", "/v1/projects/" + PROJECT + "/subscriptions/" + subscription + ":acknowledge", body.toString());
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    private String send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + hostPort + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Pub/Sub emulator exited:\n" + output());
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://" + hostPort + "/")).timeout(Duration.ofSeconds(1))
                        .build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("the Pub/Sub emulator did not start within " + timeout + ":\n" + output());
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> tree = process.descendants().toList(); // gcloud starts a java child
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle p : tree) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                p.destroyForcibly();
            }
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
