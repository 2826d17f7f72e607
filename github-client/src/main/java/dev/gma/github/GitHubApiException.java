package dev.gma.github;

/** GitHub answered with an error we did not (or could no longer) retry. */
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

    /** The HTTP status, or 0 when no answer came (I/O error). */
    public int status() {
        return status;
    }
}
