package dev.gma.webhook.http;

import dev.gma.webhook.domain.BodySpool;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletionException;

/**
 * The streamed request body, with the server's own size limit told apart from other read
 * failures: when a chunked body (no Content-Length) grows past {@code micronaut.server.max-request-size},
 * Micronaut fails the stream with {@link ContentLengthExceededException}, which this turns into the
 * domain's {@link BodySpool.TooLargeException}, so the sender gets 413 and not a generic 400.
 */
final class BodyLimitStream extends FilterInputStream {

    private final long limit;

    BodyLimitStream(InputStream body, long limit) {
        super(body);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException | RuntimeException e) {
            throw translated(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return super.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            throw translated(e);
        }
    }

    /**
     * A failed buffering of the body as the intake expects a failed read: the domain's
     * TooLargeException when the server's limit is the cause, an IOException saying why otherwise.
     */
    static CompletionException asReadFailure(Throwable failure, long limit) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ContentLengthExceededException) {
                return new CompletionException(new BodySpool.TooLargeException(limit));
            }
        }
        return new CompletionException(cause instanceof IOException ? cause
                : new IOException(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName(), cause));
    }

    /** The domain's TooLargeException when the server's limit is the cause; the failure itself otherwise. */
    private IOException translated(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ContentLengthExceededException) {
                return new BodySpool.TooLargeException(limit);
            }
        }
        if (e instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        return (IOException) e;
    }
}
