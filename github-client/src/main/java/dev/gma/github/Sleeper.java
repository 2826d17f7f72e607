package dev.gma.github;

import java.time.Duration;

/** Waiting, behind an interface so tests record the waits instead of sleeping through them. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException(0, "interrupted while waiting to retry");
        }
    };

    void sleep(Duration duration);
}
