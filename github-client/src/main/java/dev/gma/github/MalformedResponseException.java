package dev.gma.github;

/** GitHub answered 2xx with a body that is not the documented shape. Retrying will not help. */
public class MalformedResponseException extends GitHubApiException {

    public MalformedResponseException(String message) {
        super(200, message);
    }
}
