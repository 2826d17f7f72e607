package dev.gma.retry.domain;

import java.time.Instant;

/** Where the last complete run stopped: the newest delivery id it fully handled. */
public record Checkpoint(long deliveryId, Instant created, String githubInstanceUrl) {}
