package dev.gma.backfill.model;

import java.io.Serializable;

/**
 * Where a repository's import stands: the phase being read and the next page's URL (null = the
 * phase's first page). Written in the same transaction as the page's events (local mode), so a
 * launch stopped at any point continues from the first page whose events were not stored.
 */
public record Checkpoint(String repository, String since, Phase phase, String nextUrl, long events)
        implements Serializable {

    /** The lists read per repository, in this order. */
    public enum Phase { PULL_REQUESTS, DEPLOYMENTS, WORKFLOW_RUNS, RELEASES, ISSUES, DONE }

    public static Checkpoint start(String repository, String since) {
        return new Checkpoint(repository, since, Phase.PULL_REQUESTS, null, 0);
    }

    public Checkpoint at(String next, long moreEvents) {
        return new Checkpoint(repository, since, phase, next, events + moreEvents);
    }

    public Checkpoint nextPhase(long moreEvents) {
        return new Checkpoint(repository, since, Phase.values()[phase.ordinal() + 1], null, events + moreEvents);
    }

    public boolean done() {
        return phase == Phase.DONE;
    }
}
