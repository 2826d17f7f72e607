package dev.gma.github;

/**
 * Retrying a failed call (5xx or I/O error) would have to wait past the caller's deadline, so
 * the call fails now instead. {@link #status()} is the last status seen (0 after an I/O error).
 */
public class DeadlineExceededException extends GitHubApiException {

    public DeadlineExceededException(int lastStatus, String message) {
        super(lastStatus, message);
    }
}
