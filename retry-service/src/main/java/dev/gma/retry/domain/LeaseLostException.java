package dev.gma.retry.domain;

/** Someone else took the lease over (ours had lapsed); the run must stop at once. */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String message) {
        super(message);
    }
}
