package dev.gma.github;

/** 404 or 410: the thing (e.g. expired workflow logs) is gone; retrying will not help. */
public class NotFoundException extends GitHubApiException {

    public NotFoundException(int status, String message) {
        super(status, message);
    }
}
