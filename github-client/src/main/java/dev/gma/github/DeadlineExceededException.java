package dev.gma.github;

/** A retry would have to wait past the caller's deadline. */
public class DeadlineExceededException extends GitHubApiException {

    public DeadlineExceededException(int lastStatus, String message) {
        super(lastStatus, message);
    }
}
