package dev.gma.github;

/**
 * 404 or 410 ({@link #status()} tells which): the thing is gone, e.g. workflow logs past their
 * retention. Retrying will not help.
 */
public class NotFoundException extends GitHubApiException {

    public NotFoundException(int status, String message) {
        super(status, message);
    }
}
