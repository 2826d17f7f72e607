package dev.gma.retry.domain;

import java.time.Instant;

/** A held lease: who holds it, the generation of the lock object it wrote, and when it lapses. */
public record Lease(String owner, long generation, Instant expiresAt) {}
