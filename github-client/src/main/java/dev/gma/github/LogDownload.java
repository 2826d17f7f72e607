package dev.gma.github;

import java.io.IOException;
import java.io.InputStream;

/** A workflow run's logs archive, streamed from GitHub's short-lived download URL. */
public final class LogDownload implements AutoCloseable {

    private final InputStream body;
    private final long contentLength;

    LogDownload(InputStream body, long contentLength) {
        this.body = body;
        this.contentLength = contentLength;
    }

    public InputStream body() {
        return body;
    }

    /** -1 when the server did not say. */
    public long contentLength() {
        return contentLength;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
