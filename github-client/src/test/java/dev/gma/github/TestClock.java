package dev.gma.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand ({@link #advance}) or that moves by a fixed step each time it is read. */
public final class TestClock extends Clock {

    private Instant now;
    private final Duration stepPerRead;

    public TestClock(Instant start) {
        this(start, Duration.ZERO);
    }

    public TestClock(Instant start, Duration stepPerRead) {
        this.now = start;
        this.stepPerRead = stepPerRead;
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public synchronized Instant instant() {
        now = now.plus(stepPerRead);
        return now;
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
