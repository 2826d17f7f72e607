package dev.gma.retry.domain;

import dev.gma.github.DeadlineExceededException;
import dev.gma.github.DeliveryPage;
import dev.gma.github.GitHubApiException;
import dev.gma.github.HookDelivery;
import dev.gma.github.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retry run: under the lease, page GitHub's deliveries newest first down to the checkpoint,
 * decide each GUID on its newest delivery, redeliver the ones that failed and are neither stored,
 * over the cap, nor already asked for, and advance the checkpoint only when the run got all the
 * way down. A run that stops early leaves the checkpoint alone: the next one re-scans, and the
 * recorded redeliveries keep it from asking twice.
 */
public final class RetryRun {

    /**
     * Settings of a run.
     *
     * @param lookupMargin how far before the oldest delivery of a page the look-up of {@code events}
     *                     reaches: a GUID's event may have been stored by an earlier delivery of it
     *                     (a redelivery chain), which can be on a later page or already gone from
     *                     GitHub's list
     */
    public record Limits(int retryLimit, Duration lockTtl, Duration runTimeout, Duration lookupMargin) {}

    private static final Logger LOG = LoggerFactory.getLogger(RetryRun.class);

    private final DeliveryLock lock;
    private final CheckpointStore checkpoints;
    private final DeliveryStateStore state;
    private final DeliverySource github;
    private final Limits limits;
    private final Clock clock;

    public RetryRun(DeliveryLock lock, CheckpointStore checkpoints, DeliveryStateStore state, DeliverySource github,
                    Limits limits, Clock clock) {
        this.lock = lock;
        this.checkpoints = checkpoints;
        this.state = state;
        this.github = github;
        this.limits = limits;
        this.clock = clock;
    }

    public RunSummary run(String owner) {
        RunSummary summary = new RunSummary(clock.instant());
        Optional<Lease> lease = lock.tryAcquire(owner, limits.lockTtl());
        if (lease.isEmpty()) {
            summary.lock = "held";
            summary.stoppedBecause = "another run holds the lease";
            summary.finish(clock.instant());
            return summary;
        }
        LeaseKeeper keeper = new LeaseKeeper(lease.get());
        try {
            scan(summary, keeper, clock.instant().plus(limits.runTimeout()));
        } catch (LeaseLostException e) {
            summary.stoppedBecause = "lease lost: " + e.getMessage();
        } catch (RuntimeException e) {
            // A store or lease error: the checkpoint was not advanced (that is the last step), so
            // the next run re-scans; the operator gets the summary with the cause, not a bare 500.
            LOG.error("retry run stopped by an unexpected error", e);
            summary.errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            summary.stoppedBecause = "store or lease error";
        } finally {
            if (!summary.stoppedBecauseLeaseLost()) {
                lock.release(keeper.lease);
            }
            summary.finish(clock.instant());
        }
        return summary;
    }

    private void scan(RunSummary summary, LeaseKeeper keeper, Instant deadline) {
        Optional<Checkpoint> before = checkpoints.latest(github.instanceUrl());
        long stopAt = before.map(Checkpoint::deliveryId).orElse(0L);
        summary.checkpointBefore = before.map(Checkpoint::deliveryId).orElse(null);
        Scan scan = new Scan();
        Long newest = null;
        Optional<String> cursor = Optional.empty();
        try {
            while (true) {
                if (!clock.instant().isBefore(deadline)) {
                    summary.stoppedBecause = "run timeout";
                    return;
                }
                keeper.renewIfDue();
                DeliveryPage page = github.page(cursor, deadline);
                summary.pages++;
                if (newest == null && !page.deliveries().isEmpty()) {
                    newest = page.deliveries().get(0).id();
                }
                List<HookDelivery> fresh = page.deliveries().stream().filter(d -> d.id() > stopAt).toList();
                if (!handle(fresh, scan, summary, deadline, keeper)) {
                    return;
                }
                if (fresh.size() < page.deliveries().size() || page.nextCursor().isEmpty()) {
                    summary.complete = true;
                    break;
                }
                cursor = page.nextCursor();
            }
        } catch (RateLimitedException e) {
            summary.stoppedBecause = "rate limited until " + e.retryAt();
            return;
        } catch (DeadlineExceededException e) {
            summary.stoppedBecause = "run timeout: " + e.getMessage();
            return;
        } catch (GitHubApiException e) {
            summary.errors.add(e.getMessage());
            summary.stoppedBecause = "GitHub error";
            return;
        }
        if (!decide(new ArrayList<>(scan.deferred.values()), summary, deadline, keeper)) {
            return; // no checkpoint: the next run sees these GUIDs again
        }
        long after = newest != null ? newest : stopAt;
        if (after > stopAt) {
            checkpoints.save(new Checkpoint(after, clock.instant(), github.instanceUrl()));
        }
        summary.checkpointAfter = after == 0 ? null : after;
    }

    /** What a scan has learnt so far: GUIDs seen, GUIDs with a successful delivery, decisions put off. */
    private static final class Scan {
        final Set<String> seen = new HashSet<>();
        final Set<String> succeeded = new HashSet<>();
        /** Failed redeliveries whose GUID may have an older, successful delivery on a later page. */
        final Map<String, HookDelivery> deferred = new LinkedHashMap<>();
    }

    /**
     * Handles one page; false when the run must stop (deadline) before finishing it. A GUID is
     * judged on its newest delivery, but not redelivered when an older delivery of it succeeded (our
     * service answered 2xx: the event is stored, even if it has not reached {@code events} yet):
     * a success later on the page cancels it, and a failed redelivery (which has an older original,
     * maybe on a later page) waits for the end of the scan.
     */
    private boolean handle(List<HookDelivery> page, Scan scan, RunSummary summary, Instant deadline,
                           LeaseKeeper keeper) {
        Map<String, HookDelivery> candidates = new LinkedHashMap<>();
        for (HookDelivery d : page) {
            summary.deliveriesSeen++;
            if (scan.seen.add(d.guid()) && !d.succeeded()) {
                candidates.put(d.guid(), d); // first sight = newest delivery of that GUID
            }
            if (d.succeeded() && scan.succeeded.add(d.guid())
                    && (candidates.remove(d.guid()) != null | scan.deferred.remove(d.guid()) != null)) {
                summary.succeededEarlier++;
            }
        }
        List<HookDelivery> now = new ArrayList<>();
        for (HookDelivery d : candidates.values()) {
            if (d.redelivery()) {
                scan.deferred.put(d.guid(), d);
            } else {
                now.add(d);
            }
        }
        summary.failedGuids += candidates.size();
        return decide(now, summary, deadline, keeper);
    }

    /** Looks the GUIDs up in one batch and redelivers those that need it; false at the deadline. */
    private boolean decide(List<HookDelivery> deliveries, RunSummary summary, Instant deadline, LeaseKeeper keeper) {
        if (deliveries.isEmpty()) {
            return true;
        }
        Set<String> guids = new java.util.LinkedHashSet<>();
        deliveries.forEach(d -> guids.add(d.guid()));
        Map<String, GuidState> known = state.lookup(guids, receivedSince(deliveries));
        summary.storeLookups++;
        for (HookDelivery d : deliveries) {
            if (!clock.instant().isBefore(deadline)) {
                summary.stoppedBecause = "run timeout";
                return false;
            }
            keeper.renewIfDue();
            redeliverIfNeeded(d, known.getOrDefault(d.guid(), GuidState.UNKNOWN), summary, deadline);
        }
        return true;
    }

    /**
     * The bound on {@code events.received} for a page's look-up: its oldest delivery less the
     * margin (GitHub always sends delivered_at; were it missing, the run's own clock stands in).
     */
    private Instant receivedSince(List<HookDelivery> page) {
        Instant oldest = page.stream().map(HookDelivery::deliveredAt).filter(java.util.Objects::nonNull)
                .min(Instant::compareTo).orElseGet(clock::instant);
        return oldest.minus(limits.lookupMargin());
    }

    private void redeliverIfNeeded(HookDelivery d, GuidState known, RunSummary summary, Instant deadline) {
        if (known.stored()) {
            summary.alreadyStored++;
        } else if (known.redeliveries() >= limits.retryLimit()) {
            summary.overCap++;
        } else if (known.lastRequestedDeliveryId() >= d.id()) {
            summary.alreadyRequested++; // asked already and GitHub has not failed a newer attempt since
        } else {
            int status = github.redeliver(d.id(), deadline);
            boolean accepted = status == 202;
            state.recordRedelivery(d.guid(), d.id(), clock.instant(), status, accepted ? "REQUESTED" : "FAILED");
            if (accepted) {
                summary.redelivered++;
            } else {
                summary.redeliveryRefused++;
                LOG.warn("GitHub refused to redeliver {} (delivery {}): {}", d.guid(), d.id(), status);
            }
        }
    }

    /** Renews the lease once half of it has passed. */
    private final class LeaseKeeper {
        private Lease lease;

        LeaseKeeper(Lease lease) {
            this.lease = lease;
        }

        void renewIfDue() {
            Instant halfway = lease.expiresAt().minus(limits.lockTtl().dividedBy(2));
            if (!clock.instant().isBefore(halfway)) {
                lease = lock.renew(lease, limits.lockTtl());
            }
        }
    }
}
