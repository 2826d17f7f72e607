package dev.gma.webhook.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A delivery's JSON payload as received: small ones in memory, large ones spilled to a
 * temporary file while they were read, so memory never grows with the body size.
 */
public interface Payload {

    long size();

    /** A fresh stream over the bytes. */
    InputStream open() throws IOException;

    /**
     * All bytes in memory; adapters call it only for payloads small enough to inline. It may be the
     * payload's own buffer (no copy of a body read into a buffer of its declared size): read it, never write it.
     */
    byte[] bytes() throws IOException;

    /**
     * Moves (or writes) the bytes to {@code target}; for a spilled payload this is a rename,
     * no copy. The payload cannot be read afterwards.
     */
    void moveTo(Path target) throws IOException;
}
