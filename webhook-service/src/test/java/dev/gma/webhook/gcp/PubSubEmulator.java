package dev.gma.webhook.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.testing.JarProcess;
import java.io.File;
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
import java.util.concurrent.TimeUnit;

/**
 * The official Pub/Sub emulator (Google Cloud CLI) on a free loopback port, driven through its
 * REST surface. Stopped with its whole process tree (gcloud starts a java child).
 */
public final class PubSubEmulator implements AutoCloseable {

    public static final String PROJECT = "test-project";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String hostPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PubSubEmulator(Process process, String hostPort) {
        this.process = process;
        this.hostPort = hostPort;
    }

    public static boolean installed() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "gcloud"))) {
                return true;
            }
        }
        return false;
    }

    public static PubSubEmulator start() throws IOException, InterruptedException {
        String hostPort = "127.0.0.1:" + JarProcess.freePort();
        Path log = Files.createTempFile("pubsub-emulator", ".log");
        Process p = new ProcessBuilder("gcloud", "beta", "emulators", "pubsub", "start", "--host-port=" + hostPort,
                "--project=" + PROJECT).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PubSubEmulator emulator = new PubSubEmulator(p, hostPort);
        emulator.awaitReady(Duration.ofSeconds(60), log);
        return emulator;
    }

    public String hostPort() {
        return hostPort;
    }

    public void createTopic(String topic) throws IOException, InterruptedException {
        send("PUT", "/v1/projects/" + PROJECT + "/topics/" + topic, "{}");
    }

    public void deleteTopic(String topic) throws IOException, InterruptedException {
        send("DELETE", "/v1/projects/" + PROJECT + "/topics/" + topic, null);
    }

    public void createSubscription(String subscription, String topic) throws IOException, InterruptedException {
        send("PUT", "/v1/projects/" + PROJECT + "/subscriptions/" + subscription,
                "{\"topic\":\"projects/" + PROJECT + "/topics/" + topic + "\"}");
    }

    /** Pulls (and acks) until {@code count} messages arrived or {@code timeout} passed. */
    public List<String> pull(String subscription, int count, Duration timeout) throws IOException, InterruptedException {
        List<String> messages = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (messages.size() < count && Instant.now().isBefore(deadline)) {
            JsonNode answer = JSON.readTree(send("POST", "/v1/projects/" + PROJECT + "/subscriptions/" + subscription
                    + ":pull", "{\"maxMessages\":100,\"returnImmediately\":true}"));
            List<String> ackIds = new ArrayList<>();
            for (JsonNode m : answer.path("receivedMessages")) {
                messages.add(new String(Base64.getDecoder().decode(m.path("message").path("data").asText())));
                ackIds.add("\"" + m.path("ackId").asText() + "\"");
            }
            if (!ackIds.isEmpty()) {
                send("POST", "/v1/projects/" + PROJECT + "/subscriptions/" + subscription + ":acknowledge",
                        "{\"ackIds\":[" + String.join(",", ackIds) + "]}");
            } else {
                Thread.sleep(50);
            }
        }
        return messages;
    }

    private String send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + hostPort + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private void awaitReady(Duration timeout, Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Pub/Sub emulator exited:\n" + Files.readString(log));
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
        throw new IllegalStateException("the Pub/Sub emulator did not start within " + timeout);
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
