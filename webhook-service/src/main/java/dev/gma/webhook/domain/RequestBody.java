package dev.gma.webhook.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A request body, read once by {@link WebhookIntake} through the signature hasher: either
 * {@link #streamed} from the connection (blocks; a body of any size, spilled to disk past the
 * in-memory part) or {@link #buffered} by the server (never blocks; bodies small enough to hold).
 * A body that cannot be read fails the future with an IOException ({@link BodySpool.TooLargeException}
 * past the limit).
 */
@FunctionalInterface
public interface RequestBody {

    CompletableFuture<BodySpool> read(Long contentLength, long maxBytes, SignatureVerifier.Hasher hasher,
                                      int memoryLimit, Path spillDir);

    /** Read from {@code in} on the calling thread, which it blocks until the body is in; closes {@code in}. */
    static RequestBody streamed(InputStream in) {
        return (contentLength, maxBytes, hasher, memoryLimit, spillDir) -> {
            try (InputStream body = in == null ? InputStream.nullInputStream() : in) {
                return CompletableFuture.completedFuture(
                        BodySpool.read(body, contentLength, maxBytes, hasher, memoryLimit, spillDir));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            } catch (UncheckedIOException e) {
                return CompletableFuture.failedFuture(e.getCause());
            }
        };
    }

    /**
     * The whole body as the server buffered it (it fails when the body cannot be read, e.g. the
     * client went away), hashed where it lies: no copy, nothing spilled.
     */
    static RequestBody buffered(CompletionStage<byte[]> bytes) {
        return (contentLength, maxBytes, hasher, memoryLimit, spillDir) -> bytes.toCompletableFuture().thenApply(b -> {
            if (b.length > maxBytes) {
                throw new CompletionException(new BodySpool.TooLargeException(maxBytes));
            }
            hasher.update(b, 0, b.length);
            return BodySpool.of(b);
        });
    }
}
