package dev.gma.retry.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one run did; the JSON answer of {@code POST /retry}. */
public final class RunSummary {

    String lock = "taken";
    int pages;
    int deliveriesSeen;
    int failedGuids;
    int alreadyStored;
    int alreadyRequested;
    int succeededEarlier;
    int redelivered;
    int redeliveryRefused;
    int overCap;
    int storeLookups;
    boolean complete;
    String stoppedBecause;
    Long checkpointBefore;
    Long checkpointAfter;
    final List<String> errors = new ArrayList<>();
    private final Instant started;
    private Instant finished;

    RunSummary(Instant started) {
        this.started = started;
    }

    void finish(Instant at) {
        finished = at;
    }

    public boolean lockHeld() {
        return "held".equals(lock);
    }

    boolean stoppedBecauseLeaseLost() {
        return stoppedBecause != null && stoppedBecause.startsWith("lease lost");
    }

    public boolean failed() {
        return !errors.isEmpty();
    }

    public int redelivered() {
        return redelivered;
    }

    public int pages() {
        return pages;
    }

    /** GUIDs whose newest delivery failed (each one found, whether redelivered or not). */
    public int failedGuids() {
        return failedGuids;
    }

    public int redeliveryRefused() {
        return redeliveryRefused;
    }

    /**
     * How the run ended, one word for the meters: {@code lock_held} (another run holds the lease),
     * {@code failed} (a GitHub, store or lease error), {@code lease_lost} (another run took the
     * lease over mid-run), {@code incomplete} (stopped early by its
     * budget or a rate limit; the next run goes on) or {@code complete}.
     */
    public String outcome() {
        if (lockHeld()) {
            return "lock_held";
        }
        if (failed()) {
            return "failed";
        }
        if (stoppedBecauseLeaseLost()) {
            return "lease_lost";
        }
        return complete ? "complete" : "incomplete";
    }

    /** Wall-clock time of the run (zero until it finished). */
    public Duration duration() {
        return finished == null ? Duration.ZERO : Duration.between(started, finished);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lock", lock);
        m.put("complete", complete);
        m.put("stopped_because", stoppedBecause);
        m.put("pages", pages);
        m.put("deliveries_seen", deliveriesSeen);
        m.put("failed_guids", failedGuids);
        m.put("already_stored", alreadyStored);
        m.put("already_requested", alreadyRequested);
        m.put("succeeded_earlier", succeededEarlier);
        m.put("redelivered", redelivered);
        m.put("redelivery_refused", redeliveryRefused);
        m.put("over_cap", overCap);
        m.put("store_lookups", storeLookups);
        m.put("errors", errors);
        m.put("checkpoint_before", checkpointBefore);
        m.put("checkpoint_after", checkpointAfter);
        m.put("duration_ms", finished == null ? null : Duration.between(started, finished).toMillis());
        return m;
    }
}
