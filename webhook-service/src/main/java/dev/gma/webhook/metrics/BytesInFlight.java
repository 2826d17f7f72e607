package dev.gma.webhook.metrics;

import dev.gma.webhook.config.WebhookSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request bodies being read at once, capped (MAX_BYTES_IN_FLIGHT): a request is admitted with
 * its Content-Length (or the largest body, when it is chunked) only while the sum stays under the
 * cap, and gives it back once answered. On Cloud Run the spool lives in memory, so without a cap 80
 * concurrent 25 MB deliveries would exceed an instance's memory; over the cap the answer is 503 with
 * Retry-After, and GitHub's failed delivery is redelivered by the retry service.
 */
@Singleton
public class BytesInFlight {

    private final AtomicLong admitted = new AtomicLong();
    private final long cap;
    private final long largestBody;

    public BytesInFlight(WebhookSettings settings, MeterRegistry registry) {
        this.cap = settings.maxBytesInFlight();
        this.largestBody = settings.maxBodyBytes();
        Gauge.builder("gma.request.bytes.in.flight", admitted, AtomicLong::get)
                .description("request body bytes admitted and not yet answered").baseUnit("bytes").register(registry);
    }

    /** The bytes a request holds while it is read: its Content-Length, or the largest body when chunked. */
    public long claimOf(long contentLength) {
        return contentLength >= 0 ? Math.min(contentLength, largestBody) : largestBody;
    }

    /** Admits {@code bytes} when the total stays within the cap (one request alone is always admitted). */
    public boolean tryAdmit(long bytes) {
        while (true) {
            long now = admitted.get();
            if (now > 0 && now + bytes > cap) {
                return false;
            }
            if (admitted.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        admitted.addAndGet(-bytes);
    }
}
