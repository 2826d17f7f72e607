package dev.gma.webhook.http;

import dev.gma.webhook.domain.BodySpool;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The streamed request body, with the server's own size limit told apart from other read
 * failures: when a chunked body (no Content-Length) grows past {@code micronaut.server.max-request-size},
 * Micronaut fails the stream with {@link ContentLengthExceededException}, which this turns into the
 * domain's {@link BodySpool.TooLargeException}, so the sender gets 413 and not a generic 400.
 */
final class BodyLimitStream extends FilterInputStream {

    private final long limit;
    private final AtomicLong inFlight;
    private long counted;

    /** {@code inFlight} counts the bytes read until the stream is closed (the request answered). */
    BodyLimitStream(InputStream body, long limit, AtomicLong inFlight) {
        super(body);
        this.limit = limit;
        this.inFlight = inFlight;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        } catch (IOException | RuntimeException e) {
            throw translated(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        } catch (IOException | RuntimeException e) {
            throw translated(e);
        }
    }

    @Override
    public void close() throws IOException {
        inFlight.addAndGet(-counted);
        counted = 0;
        super.close();
    }

    private void count(int n) {
        counted += n;
        inFlight.addAndGet(n);
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
