package dev.gma.github;

/**
 * GitHub answered with an error that was not retried, or no longer: retries exhausted, a
 * second 401, a 403 that is not a rate limit. Base class of this module's other exceptions.
 * Messages name the method and path, never a credential or a query string.
 */
public class GitHubApiException extends RuntimeException {

    private final int status;

    public GitHubApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public GitHubApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came (I/O error, interruption). */
    public int status() {
        return status;
    }
}
