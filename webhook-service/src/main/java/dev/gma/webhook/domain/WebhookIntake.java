package dev.gma.webhook.domain;

import dev.gma.webhook.domain.PayloadParser.MalformedPayloadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Checks a webhook request in the order that reveals the least to an unauthenticated caller
 * and reads the least: content type and headers before any body byte, the size from
 * Content-Length, then the body read once (signature computed on the way; a streamed body is
 * spilled to disk past a small in-memory part), then the JSON. A verified delivery goes to the
 * {@link DeliveryHandler}. The HTTP framework only translates to and from this.
 *
 * <p>The same checks serve both ways a body arrives ({@link RequestBody}): buffered by the
 * server, where nothing here blocks and the caller may be an event loop, and streamed, where
 * only the read blocks. The result completes once the delivery is durable (or refused).
 */
public final class WebhookIntake {

    public static final String JSON = "application/json";
    public static final String FORM = "application/x-www-form-urlencoded";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

    /**
     * Bodies up to this size stay in memory; larger ones are spilled to {@code spoolDir}. A body
     * that declares at most this size may therefore be buffered whole by the server (same memory).
     */
    public static final int IN_MEMORY_BYTES = 1 << 20;

    private final SignatureVerifier verifier;
    private final PayloadParser parser = new PayloadParser();
    private final DeliveryHandler handler;
    private final long maxBodyBytes;
    private final Path spoolDir;

    public WebhookIntake(SignatureVerifier verifier, DeliveryHandler handler, long maxBodyBytes, Path spoolDir) {
        this.verifier = verifier;
        this.handler = handler;
        this.maxBodyBytes = maxBodyBytes;
        this.spoolDir = spoolDir;
    }

    /** Whether a body of this declared size (null: chunked) may be buffered whole instead of streamed. */
    public static boolean fitsInMemory(Long contentLength) {
        return contentLength != null && contentLength <= IN_MEMORY_BYTES;
    }

    /**
     * The answer once decided: a refusal, or the outcome once the delivery is durable. Never fails
     * (a failure to publish and to record it is a 500 result); blocks only if the body is streamed.
     */
    public CompletableFuture<IntakeResult> receive(WebhookRequest request) {
        String mediaType = mediaType(request.contentType());
        if (!JSON.equals(mediaType) && !FORM.equals(mediaType)) {
            return done(IntakeResult.rejected(415, "unsupported content type '" + request.contentType()
                    + "': set the webhook's content type to application/json"));
        }
        List<String> missing = missingHeaders(request);
        if (!missing.isEmpty()) {
            return done(IntakeResult.rejected(400, missing.toArray(String[]::new)));
        }
        if (request.contentLength() != null && request.contentLength() > maxBodyBytes) {
            return done(tooLarge(maxBodyBytes));
        }
        SignatureVerifier.Hasher hasher = verifier.newHasher();
        return request.body().read(request.contentLength(), maxBodyBytes, hasher, IN_MEMORY_BYTES, spoolDir)
                .handle((body, failure) -> failure == null
                        ? readBody(request, mediaType, body, hasher)
                        : done(unreadable(request, failure)))
                .thenCompose(result -> result);
    }

    public static IntakeResult tooLarge(long maxBodyBytes) {
        return IntakeResult.rejected(413, "request body exceeds the limit of " + maxBodyBytes + " bytes");
    }

    private IntakeResult unreadable(WebhookRequest request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof BodySpool.TooLargeException) {
            return tooLarge(maxBodyBytes);
        }
        if (cause instanceof UncheckedIOException unchecked) {
            cause = unchecked.getCause();
        }
        if (!(cause instanceof IOException)) {
            throw new CompletionException(cause); // a bug, not a bad body: the framework's 500
        }
        String message = cause.getMessage();
        logged(request, () -> LOG.warn("reading the request body failed: {}", message));
        return IntakeResult.rejected(400, "the request body could not be read: " + message);
    }

    /** The checks of the body, then the publish; the body is closed once the result is known. */
    private CompletableFuture<IntakeResult> readBody(WebhookRequest request, String mediaType, BodySpool body,
                                                    SignatureVerifier.Hasher hasher) {
        CompletableFuture<IntakeResult> result;
        try {
            result = checkBody(request, mediaType, body, hasher);
        } catch (IOException | UncheckedIOException e) {
            result = done(unreadable(request, e));
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.whenComplete((answer, failure) -> closeQuietly(body));
    }

    private CompletableFuture<IntakeResult> checkBody(WebhookRequest request, String mediaType, BodySpool body,
                                                     SignatureVerifier.Hasher hasher) throws IOException {
        if (body.size() == 0) {
            return done(IntakeResult.rejected(400, "request body is empty"));
        }
        if (request.signature() == null || request.signature().isBlank()) {
            return done(IntakeResult.rejected(401, "missing X-Hub-Signature-256 header"));
        }
        if (!hasher.matches(request.signature())) {
            return done(IntakeResult.rejected(401, "X-Hub-Signature-256 does not match the body"));
        }
        if (FORM.equals(mediaType)) {
            byte[] json = formPayload(body.bytes());
            if (json == null) {
                return done(IntakeResult.rejected(400, "form body has no 'payload' field"));
            }
            BodySpool decoded = BodySpool.of(json);
            return verified(request, decoded).whenComplete((answer, failure) -> closeQuietly(decoded));
        }
        return verified(request, body);
    }

    private CompletableFuture<IntakeResult> verified(WebhookRequest request, Payload payload) throws IOException {
        Enrichment enrichment;
        try (InputStream in = payload.open()) {
            enrichment = parser.parse(in);
        } catch (MalformedPayloadException e) {
            return done(IntakeResult.rejected(400, e.getMessage()));
        }
        Delivery delivery = new Delivery(request.deliveryId(), request.event(), request.signature(),
                request.hookId(), payload);
        return handler.handle(delivery, enrichment).handle((outcome, failure) -> {
            if (failure == null) {
                return IntakeResult.of(outcome);
            }
            String message = PublishException.of(failure).getMessage();
            logged(request, () -> LOG.error("delivery could not be published nor recorded: {}", message));
            return new IntakeResult(500, Outcome.FAILED,
                    List.of("publishing the event failed and could not be recorded; GitHub will redeliver it"));
        });
    }

    private static CompletableFuture<IntakeResult> done(IntakeResult result) {
        return CompletableFuture.completedFuture(result);
    }

    /**
     * A log line with the delivery id in the MDC: set and cleared around the line itself, because
     * the steps of one request run on different threads (event loop, blocking pool, writer).
     */
    private static void logged(WebhookRequest request, Runnable line) {
        MDC.put("delivery_id", request.deliveryId() == null ? "" : request.deliveryId());
        try {
            line.run();
        } finally {
            MDC.remove("delivery_id");
        }
    }

    private static void closeQuietly(BodySpool body) {
        try {
            body.close();
        } catch (IOException e) {
            LOG.warn("deleting a spooled request body failed: {}", e.getMessage());
        }
    }

    /**
     * GitHub sends a GUID as X-GitHub-Delivery and an event name of lower-case letters and
     * underscores; anything else (a 10 KB id, control characters) never reaches the store.
     */
    private static final java.util.regex.Pattern DELIVERY_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    private static final java.util.regex.Pattern EVENT = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private static List<String> missingHeaders(WebhookRequest request) {
        List<String> missing = new ArrayList<>();
        if (isBlank(request.deliveryId())) {
            missing.add("missing X-GitHub-Delivery header");
        } else if (!DELIVERY_ID.matcher(request.deliveryId()).matches()) {
            missing.add("invalid X-GitHub-Delivery header: expected a GUID (letters, digits, '-', at most 100 characters)");
        }
        if (isBlank(request.event())) {
            missing.add("missing X-GitHub-Event header");
        } else if (!EVENT.matcher(request.event()).matches()) {
            missing.add("invalid X-GitHub-Event header: expected an event name (lower-case letters, digits, '_', at most 64 characters)");
        }
        return missing;
    }

    /** A "form" webhook sends {@code payload=<url-encoded JSON>}; the signature covers the raw form. */
    private static byte[] formPayload(byte[] body) {
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("payload")) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    return new byte[0];
                }
            }
        }
        return null;
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
