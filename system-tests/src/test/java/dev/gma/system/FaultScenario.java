package dev.gma.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.github.TestKeys;
import dev.gma.system.GitHubFake.Delivery;
import dev.gma.system.GitHubFake.Payload;
import dev.gma.testing.Await;
import dev.gma.testing.JarProcess;
import dev.gma.testing.Testdata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;

/**
 * The fault scenario both system tests run, whatever carries the events (SQLite directly, or
 * the Pub/Sub emulator): GitHub sends N signed deliveries with fresh GUIDs to the webhook
 * service, whose publisher fails a fraction of attempts on purpose; halfway through the
 * webhook process is killed with SIGKILL and started again on the same store; then the retry
 * service runs until no failed GUID is left. Every loop is bounded in count and time.
 */
final class FaultScenario {

    static final String WEBHOOK_SECRET = "system-test-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICE_JVM_ARGS = List.of("-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    /**
     * @param deliveries      how many events GitHub sends (each a fresh GUID)
     * @param senders         GitHub's concurrent deliveries
     * @param failureRate     fraction of publish attempts the webhook fails on purpose
     * @param seed            seeds the GUIDs, the payload choice and the injected faults
     * @param retryLimit      RETRY_LIMIT of both services
     * @param sentWhileDown   deliveries sent while the webhook is dead (they fail to connect)
     * @param maxRetryRuns    at most this many POST /retry
     * @param retryBudget     and at most this long for all of them
     */
    record Settings(int deliveries, int senders, double failureRate, long seed, int retryLimit, int sentWhileDown,
                    int maxRetryRuns, Duration retryBudget) {

        /**
         * 2,000 deliveries (-Dgma.fault.deliveries), 24 senders, 35 % publish faults, RETRY_LIMIT 12:
         * a GUID exhausts it only if 12 attempts in a row fail, 0.35^12 = 3.4e-6 per GUID.
         */
        static Settings standard() {
            return new Settings(Integer.getInteger("gma.fault.deliveries", 2_000), 24, 0.35,
                    Long.getLong("gma.fault.seed", 20261122L), 12, 40, 30, Duration.ofSeconds(120));
        }

        Settings withRetryLimit(int limit) {
            return new Settings(deliveries, senders, failureRate, seed, limit, sentWhileDown, maxRetryRuns, retryBudget);
        }
    }

    /** What carries the webhook's events to the SQLite store that the retry service reads. */
    interface Backend {
        String name();

        /** The SQLite store the retry service reads and the assertions check. */
        Path dataDir();

        Map<String, String> webhookEnv();

        List<String> webhookJvmArgs();

        /** Makes every event published so far visible in the store (a no-op when the webhook writes it). */
        void settle() throws Exception;
    }

    /** One POST /retry. */
    record RetryRunResult(int status, JsonNode summary) {
        int field(String name) {
            return summary.path(name).asInt();
        }

        /** Nothing left to do: the run scanned everything new and asked for no redelivery. */
        boolean converged() {
            return status == 200 && "taken".equals(summary.path("lock").asText()) && summary.path("complete").asBoolean()
                    && field("redelivered") == 0 && field("already_requested") == 0 && summary.path("errors").isEmpty();
        }
    }

    /** Everything the assertions and the printed summary need. */
    record Outcome(Settings settings, String backend, List<String> guids, List<Delivery> deliveries,
                   Map<String, Integer> redeliveryRequests, List<String> apiErrors, int kills, long downMillis,
                   int failedWhileDown,
                   List<RetryRunResult> retryRuns, Store.Snapshot store, long sendMillis, long retryMillis,
                   long totalMillis) {

        long failedDeliveries() {
            return deliveries.stream().filter(d -> !d.succeeded()).count();
        }

        long redeliveries() {
            return deliveries.stream().filter(Delivery::redelivery).count();
        }

        int maxRedeliveriesOfOneGuid() {
            return redeliveryRequests.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        /** Injected faults over publish attempts, as the webhook recorded them. */
        double publishFailureFraction() {
            int failures = store.publishFailures().values().stream().mapToInt(Integer::intValue).sum();
            int stored = store.eventRows().values().stream().mapToInt(Integer::intValue).sum();
            int deadLettered = store.deadLettered().size();
            return failures / (double) Math.max(1, failures + stored + deadLettered);
        }

        String report() {
            Map<Integer, Long> byStatus = new TreeMap<>();
            deliveries.forEach(d -> byStatus.merge(d.statusCode(), 1L, Long::sum));
            return String.format(Locale.ROOT, """
                    == fault test (%s) ==
                    deliveries sent     %d GUIDs, %d deliveries in all (%d redeliveries); answers by status %s
                    failed deliveries   %d (%.1f%%), of which %d failed to connect or timed out (kill -9 and restart)
                    publish faults      %d recorded failures = %.1f%% of %d publish attempts (rate %.2f, seed %d)
                    kills               %d (SIGKILL, restarted on the same store; down %.1f s)
                    retry runs          %d (max %d), %d redeliveries asked, at most %d for one GUID (RETRY_LIMIT %d)
                    stored              %d unique GUIDs in events_unique, %d rows in events; %d dead-lettered
                    wall time           %.1f s (sending %.1f s, retrying %.1f s)
                    """,
                    backend, guids.size(), deliveries.size(), redeliveries(), byStatus,
                    failedDeliveries(), 100.0 * failedDeliveries() / deliveries.size(), failedWhileDown,
                    store.publishFailures().values().stream().mapToInt(Integer::intValue).sum(),
                    100 * publishFailureFraction(),
                    store.publishFailures().values().stream().mapToInt(Integer::intValue).sum()
                            + store.eventRows().values().stream().mapToInt(Integer::intValue).sum()
                            + store.deadLettered().size(),
                    settings.failureRate(), settings.seed(),
                    kills, downMillis / 1000.0, retryRuns.size(), settings.maxRetryRuns(),
                    redeliveryRequests.values().stream().mapToInt(Integer::intValue).sum(), maxRedeliveriesOfOneGuid(),
                    settings.retryLimit(), store.uniqueEvents().size(),
                    store.eventRows().values().stream().mapToInt(Integer::intValue).sum(), store.deadLettered().size(),
                    totalMillis / 1000.0, sendMillis / 1000.0, retryMillis / 1000.0);
        }
    }

    private final Settings settings;
    private final Backend backend;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    FaultScenario(Settings settings, Backend backend) {
        this.settings = settings;
        this.backend = backend;
    }

    Outcome run() throws Exception {
        long started = System.nanoTime();
        Map<String, Payload> events = events(settings.deliveries(), settings.seed());
        Map<String, String> webhookEnv = new HashMap<>(backend.webhookEnv());
        webhookEnv.putAll(Map.of(
                "GMA_DATA_DIR", backend.dataDir().toString(),
                "GITHUB_WEBHOOK_SECRET", WEBHOOK_SECRET,
                "GMA_EVENTS_TOKENS", "fault-test-events-token", // required in GCP mode; no reports are sent here
                "RETRY_LIMIT", Integer.toString(settings.retryLimit()),
                "GMA_FAULT_PUBLISH_FAILURE_RATE", Double.toString(settings.failureRate()),
                "GMA_FAULT_SEED", Long.toString(settings.seed())));
        List<String> webhookJvm = new ArrayList<>(SERVICE_JVM_ARGS);
        webhookJvm.addAll(backend.webhookJvmArgs());

        try (GitHubFake github = GitHubFake.start(WEBHOOK_SECRET);
             Services services = new Services(reportDir(), backend.name())) {
            // Both services boot at once; the retry service waits idle until it is asked to run.
            services.webhook = JarProcess.start(jar("gma.webhook.jar", "webhook-service"), webhookEnv, webhookJvm);
            services.retry = JarProcess.start(jar("gma.retry.jar", "retry-service"), retryEnv(github), SERVICE_JVM_ARGS);
            services.webhook.awaitHealthy(Duration.ofSeconds(90));
            services.retry.awaitHealthy(Duration.ofSeconds(90));
            assertFaultInjectionIsOn(services.webhook);
            github.webhookUp(services.webhook.baseUri());

            long sendStarted = System.nanoTime();
            long downMillis = sendAll(github, events, services, webhookEnv, webhookJvm);
            int kills = services.deadWebhooks.size();
            long sendMillis = millisSince(sendStarted);
            int failedWhileDown = (int) github.deliveries().stream().filter(d -> d.statusCode() == 0).count();

            long retryStarted = System.nanoTime();
            List<RetryRunResult> runs = retryUntilNothingIsLeft(github, services.retry);
            backend.settle();
            long retryMillis = millisSince(retryStarted);

            Store.Snapshot snapshot = Store.read(backend.dataDir());
            Outcome outcome = new Outcome(settings, backend.name(), List.copyOf(events.keySet()), github.deliveries(),
                    github.redeliveryRequests(), github.apiErrors(), kills, downMillis, failedWhileDown, runs, snapshot,
                    sendMillis, retryMillis, millisSince(started));
            writeReport(outcome);
            return outcome;
        }
    }

    /**
     * Sends every event from {@code senders} threads; once half have been answered, kills the
     * webhook with SIGKILL (requests in flight fail), lets a few deliveries hit the dead port, and
     * starts it again on the same store. Returns how long the webhook was down (ms).
     */
    private long sendAll(GitHubFake github, Map<String, Payload> events, Services services,
                        Map<String, String> webhookEnv, List<String> webhookJvm) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(settings.senders());
        AtomicInteger answered = new AtomicInteger();
        try {
            List<Future<Delivery>> sent = new ArrayList<>();
            events.forEach((guid, payload) -> sent.add(senders.submit(() -> {
                try {
                    return github.deliver(guid, payload);
                } finally {
                    answered.incrementAndGet();
                }
            })));
            awaitCount(answered, settings.deliveries() / 2, Duration.ofSeconds(120), "half of the deliveries answered");

            github.webhookDown(0); // hold new deliveries while the process dies
            long killed = System.nanoTime();
            services.webhook.kill();
            services.deadWebhooks.add(services.webhook);
            github.webhookDown(settings.sentWhileDown()); // these hit the dead port and fail, as for GitHub
            services.webhook = JarProcess.start(jar("gma.webhook.jar", "webhook-service"), webhookEnv, webhookJvm);
            services.webhook.awaitHealthy(Duration.ofSeconds(90));
            github.webhookUp(services.webhook.baseUri());
            long downMillis = millisSince(killed);

            for (Future<Delivery> delivery : sent) {
                delivery.get(120, TimeUnit.SECONDS);
            }
            return downMillis;
        } finally {
            senders.shutdownNow();
            senders.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /**
     * POST /retry until a run finds nothing left to redeliver, waiting after each run until
     * GitHub has sent every redelivery it accepted (and the backend has stored what was published).
     */
    private List<RetryRunResult> retryUntilNothingIsLeft(GitHubFake github, JarProcess retry) throws Exception {
        List<RetryRunResult> runs = new ArrayList<>();
        long deadline = System.nanoTime() + settings.retryBudget().toNanos();
        while (runs.size() < settings.maxRetryRuns() && System.nanoTime() < deadline) {
            backend.settle();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(retry.baseUri().resolve("/retry"))
                    .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            RetryRunResult run = new RetryRunResult(answer.statusCode(), JSON.readTree(answer.body()));
            runs.add(run);
            github.awaitRedeliveries(Duration.ofSeconds(60));
            if (run.converged()) {
                break;
            }
        }
        return runs;
    }

    private Map<String, String> retryEnv(GitHubFake github) {
        return Map.of(
                "GMA_DATA_DIR", backend.dataDir().toString(),
                "GITHUB_APP_ID", Long.toString(GitHubFake.APP_ID),
                "GITHUB_PRIVATE_KEY", TestKeys.pkcs1Pem(),
                "GITHUB_API_BASE_URL", github.apiBaseUrl().toString(),
                "RETRY_LIMIT", Integer.toString(settings.retryLimit()),
                "LOCK_TTL", "2m",
                "RUN_TIMEOUT", "60s");
    }

    /** N events with fresh GUIDs (version-4 UUIDs from the seeded generator) over the testdata payloads. */
    static Map<String, Payload> events(int count, long seed) {
        List<Payload> shapes = Testdata.webhookPayloads().stream().map(FaultScenario::payload).toList();
        Random random = new Random(seed);
        Map<String, Payload> events = new LinkedHashMap<>();
        while (events.size() < count) {
            long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
            long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
            events.put(new UUID(msb, lsb).toString(), shapes.get(random.nextInt(shapes.size())));
        }
        return events;
    }

    private static Payload payload(Path file) {
        String[] parts = file.getFileName().toString().split("\\.");
        try {
            return new Payload(parts[0], parts.length == 3 ? parts[1] : null, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertFaultInjectionIsOn(JarProcess webhook) throws IOException {
        if (!webhook.output().contains("FAULT INJECTION IS ON")) {
            throw new IllegalStateException("the webhook jar does not announce fault injection: rebuild it "
                    + "(mvn -B -ntp install -DskipTests -pl webhook-service -am)\n" + webhook.output());
        }
    }

    private static final Map<String, Path> JAR_COPIES = new HashMap<>();

    /**
     * A private copy of a service's shaded jar, made once per test JVM: a build running at the
     * same time (mvn package in the service module) rewrites target/*.jar, and a JVM whose jar is
     * replaced under it fails with NoClassDefFoundError halfway through a scenario.
     */
    static synchronized Path jar(String property, String module) throws IOException {
        Path copy = JAR_COPIES.get(module);
        if (copy != null) {
            return copy;
        }
        Path jar = Path.of(System.getProperty(property, "../" + module + "/target/" + module + ".jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package it first "
                    + "(cd /work/main && mvn -B -ntp install -DskipTests -pl webhook-service,retry-service -am)");
        }
        Path dir = Files.createDirectories(reportDir().resolve("jars"));
        for (int attempt = 1; ; attempt++) {
            Path tmp = Files.createTempFile(dir, module, ".part");
            Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
            if (runnable(tmp)) {
                copy = Files.move(tmp, dir.resolve(module + ".jar"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                JAR_COPIES.put(module, copy);
                return copy;
            }
            Files.delete(tmp);
            if (attempt == 5) {
                throw new IllegalStateException(jar.toAbsolutePath() + " is not a runnable jar (being rebuilt?)");
            }
            try {
                Thread.sleep(2_000); // caught mid-write by a concurrent build: try again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while copying " + jar, e);
            }
        }
    }

    private static boolean runnable(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null && file.getManifest().getMainAttributes().getValue("Main-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitCount(AtomicInteger counter, int target, Duration timeout, String what)
            throws InterruptedException {
        Await.until(() -> counter.get() >= target, timeout, Duration.ofMillis(5),
                () -> what + " (" + counter.get() + " of " + target + ")");
    }

    /** target/fault-test: each scenario's summary and the logs of every service process. */
    private static Path reportDir() throws IOException {
        return Files.createDirectories(Path.of("target", "fault-test"));
    }

    private void writeReport(Outcome outcome) throws IOException {
        StringBuilder text = new StringBuilder(outcome.report()).append("\nretry runs:\n");
        outcome.retryRuns().forEach(r -> text.append(r.status()).append(' ').append(r.summary()).append('\n'));
        Files.writeString(reportDir().resolve(backend.name() + "-summary.txt"), text);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /**
     * The service processes of one scenario; every one is stopped, whatever happened, and its
     * output kept under target/fault-test.
     */
    private static final class Services implements AutoCloseable {
        private final Path logDir;
        private final String name;
        JarProcess webhook;
        JarProcess retry;
        final List<JarProcess> deadWebhooks = new ArrayList<>();

        Services(Path logDir, String name) {
            this.logDir = logDir;
            this.name = name;
        }

        @Override
        public void close() throws InterruptedException {
            for (JarProcess p : new JarProcess[] {webhook, retry}) {
                if (p != null) {
                    p.close();
                }
            }
            for (JarProcess dead : deadWebhooks) {
                dead.close();
            }
            keepLog(webhook, "webhook");
            keepLog(retry, "retry");
            for (int i = 0; i < deadWebhooks.size(); i++) {
                keepLog(deadWebhooks.get(i), "webhook-killed-" + (i + 1));
            }
        }

        private void keepLog(JarProcess process, String what) {
            if (process != null) {
                try {
                    Files.writeString(logDir.resolve(name + "-" + what + ".log"), process.output());
                } catch (IOException e) {
                    System.err.println("could not keep the " + what + " log: " + e);
                }
            }
        }
    }
}
