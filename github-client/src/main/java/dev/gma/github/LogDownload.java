package dev.gma.github;

import java.io.IOException;
import java.io.InputStream;

/**
 * A workflow run's logs archive (zip), streamed from GitHub's short-lived download URL: read
 * {@link #body()} once, then close. Nothing is buffered, so memory does not grow with the archive.
 */
public final class LogDownload implements AutoCloseable {

    private final InputStream body;
    private final long contentLength;

    LogDownload(InputStream body, long contentLength) {
        this.body = body;
        this.contentLength = contentLength;
    }

    /** The zip bytes as they arrive. */
    public InputStream body() {
        return body;
    }

    /** The archive's size from {@code Content-Length}, or -1 when the server did not say. */
    public long contentLength() {
        return contentLength;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
