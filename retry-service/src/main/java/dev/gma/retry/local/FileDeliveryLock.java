package dev.gma.retry.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.retry.domain.DeliveryLock;
import dev.gma.retry.domain.Lease;
import dev.gma.retry.domain.LeaseLostException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local twin of the Cloud Storage lease: a JSON file {@code $GMA_DATA_DIR/retry-lock} holding
 * generation, owner and expiry. Every read-modify-write happens under an OS file lock on a guard
 * file (so several processes are safe) and a JVM monitor per path (an OS lock is per process).
 * Same semantics as the GCS adapter: create if absent, take over only past expiry + clock skew,
 * renew and release only with the generation one wrote.
 */
public final class FileDeliveryLock implements DeliveryLock {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path guard;
    private final Duration clockSkew;
    private final Clock clock;

    public FileDeliveryLock(Path dataDir, Duration clockSkew, Clock clock) {
        this.file = dataDir.toAbsolutePath().resolve("retry-lock");
        this.guard = dataDir.toAbsolutePath().resolve("retry-lock.guard");
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public Optional<Lease> tryAcquire(String owner, Duration ttl) {
        return guarded(() -> {
            Optional<Lease> current = read();
            if (current.isPresent() && !current.get().expiresAt().plus(clockSkew).isBefore(clock.instant())) {
                return Optional.empty();
            }
            long generation = current.map(Lease::generation).orElse(0L) + 1;
            return Optional.of(write(new Lease(owner, generation, clock.instant().plus(ttl))));
        });
    }

    @Override
    public Lease renew(Lease lease, Duration ttl) {
        return guarded(() -> {
            ensureOurs(lease);
            return write(new Lease(lease.owner(), lease.generation() + 1, clock.instant().plus(ttl)));
        });
    }

    @Override
    public void release(Lease lease) {
        guarded(() -> {
            Optional<Lease> current = read();
            if (current.isPresent() && current.get().generation() == lease.generation()) {
                Files.delete(file);
            }
            return null;
        });
    }

    private void ensureOurs(Lease lease) throws IOException {
        Optional<Lease> current = read();
        if (current.isEmpty() || current.get().generation() != lease.generation()) {
            throw new LeaseLostException("the lock file's generation is no longer " + lease.generation());
        }
    }

    private Optional<Lease> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode n = JSON.readTree(file.toFile());
        return Optional.of(new Lease(n.path("owner").asText(), n.path("generation").asLong(),
                Instant.parse(n.path("expires_at").asText())));
    }

    private Lease write(Lease lease) throws IOException {
        Path temp = file.resolveSibling("retry-lock.tmp");
        JSON.writeValue(temp.toFile(), Map.of("owner", lease.owner(), "generation", lease.generation(),
                "expires_at", lease.expiresAt().toString()));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return lease;
    }

    private interface IoWork<T> {
        T run() throws IOException;
    }

    private <T> T guarded(IoWork<T> work) {
        synchronized (MONITORS.computeIfAbsent(guard, p -> new Object())) {
            try {
                Files.createDirectories(guard.getParent());
                try (FileChannel channel = FileChannel.open(guard, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    return work.run();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the lock file " + file + " cannot be used: " + e.getMessage(), e);
            }
        }
    }
}
