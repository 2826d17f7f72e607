package dev.gma.webhook.events;

import dev.gma.webhook.domain.BodySpool;
import dev.gma.webhook.domain.Delivery;
import dev.gma.webhook.domain.DeliveryHandler;
import dev.gma.webhook.domain.Enrichment;
import dev.gma.webhook.domain.Outcome;
import dev.gma.webhook.domain.PublishException;
import dev.gma.webhook.domain.WebhookIntake;
import dev.gma.webhook.events.ReportValidator.MalformedReportException;
import dev.gma.webhook.events.ReportValidator.Validation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Deployments and incidents reported by any CI/CD or incident tool, and PagerDuty v3 webhooks:
 * authenticated (bearer token, or PagerDuty's signature), validated, then published through the
 * same {@link DeliveryHandler} as GitHub deliveries, so failure rows, the dead letter and the
 * claim check apply unchanged. The {@code delivery_id} is derived from the reporter's id, so a
 * report sent twice (a retry after a lost answer) is one row after dedupe.
 *
 * <p>Checks run in the order that tells an unauthenticated caller the least: for reports the
 * token before anything else, for PagerDuty the content type and size, then the signature over
 * the raw body; only an authenticated caller learns what is wrong with the body.
 */
public final class ReportIntake {

    /** The three routes. */
    public enum Kind { DEPLOYMENT, INCIDENT, PAGERDUTY }

    private static final Logger LOG = LoggerFactory.getLogger(ReportIntake.class);
    private static final String JSON = "application/json";

    private final BearerTokens tokens;
    private final PagerDutySignature pagerDuty;
    private final DeliveryHandler handler;
    private final long maxBodyBytes;
    private final ReportValidator validator = new ReportValidator();

    public ReportIntake(BearerTokens tokens, PagerDutySignature pagerDuty, DeliveryHandler handler, long maxBodyBytes) {
        this.tokens = tokens;
        this.pagerDuty = pagerDuty;
        this.handler = handler;
        this.maxBodyBytes = maxBodyBytes;
    }

    public ReportResult receive(Kind kind, ReportRequest request) {
        if (kind != Kind.PAGERDUTY) {
            if (BearerTokens.token(request.authorization()) == null) {
                return ReportResult.rejected(401, "missing bearer token: send 'Authorization: Bearer <token>' "
                        + "with a token of GMA_EVENTS_TOKENS");
            }
            if (!tokens.accepts(request.authorization())) {
                LOG.warn("a report to /events/{} was refused: unknown bearer token", route(kind));
                return ReportResult.rejected(401, "unknown bearer token");
            }
        }
        if (!JSON.equals(mediaType(request.contentType()))) {
            return ReportResult.rejected(415, "unsupported content type '" + request.contentType()
                    + "': send application/json");
        }
        if (request.contentLength() != null && request.contentLength() > maxBodyBytes) {
            return tooLarge();
        }
        byte[] body;
        try {
            body = readBounded(request.body());
        } catch (BodySpool.TooLargeException e) {
            return tooLarge();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("reading the request body failed: {}", e.getMessage());
            return ReportResult.rejected(400, "the request body could not be read: " + e.getMessage());
        }
        if (kind == Kind.PAGERDUTY) {
            if (!pagerDuty.configured()) {
                return ReportResult.rejected(401, "PagerDuty webhooks are not accepted: PAGERDUTY_WEBHOOK_SECRETS is not set");
            }
            if (request.pagerDutySignature() == null || request.pagerDutySignature().isBlank()) {
                return ReportResult.rejected(401, "missing X-PagerDuty-Signature header");
            }
            if (!pagerDuty.verify(body, request.pagerDutySignature())) {
                LOG.warn("a PagerDuty webhook was refused: no v1 signature matches a secret of PAGERDUTY_WEBHOOK_SECRETS");
                return ReportResult.rejected(401, "X-PagerDuty-Signature does not match the body");
            }
        }
        if (body.length == 0) {
            return ReportResult.rejected(400, "request body is empty");
        }
        Validation validation;
        try {
            validation = switch (kind) {
                case DEPLOYMENT -> validator.deployment(body);
                case INCIDENT -> validator.incident(body);
                case PAGERDUTY -> validator.pagerDuty(body);
            };
        } catch (MalformedReportException e) {
            return ReportResult.rejected(400, e.getMessage());
        }
        if (validation.report() == null) {
            return ReportResult.rejected(400, validation.errors());
        }
        return publish(validation.report(), body, kind == Kind.PAGERDUTY ? request.pagerDutySignature() : "");
    }

    private ReportResult publish(Report report, byte[] body, String signature) {
        MDC.put("delivery_id", report.deliveryId());
        try (BodySpool payload = BodySpool.of(body)) {
            Delivery delivery = new Delivery(report.deliveryId(), report.event(), signature, null, payload);
            Enrichment enrichment = new Enrichment(report.action(), null, null, null, null, report.organizationName(),
                    null, report.repositoryFullName(), null);
            Outcome outcome = PublishException.join(handler.handle(delivery, enrichment)); // this route stays blocking
            if (outcome == Outcome.FAILED) {
                return new ReportResult(500, report.id(), report.deliveryId(), outcome,
                        List.of("publishing the event failed and was recorded; send the same report again"));
            }
            return new ReportResult(201, report.id(), report.deliveryId(), outcome, List.of());
        } catch (PublishException e) {
            LOG.error("report could not be published nor recorded: {}", e.getMessage());
            return new ReportResult(500, report.id(), report.deliveryId(), Outcome.FAILED,
                    List.of("publishing the event failed and could not be recorded; send the same report again"));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // closing an in-memory payload does not fail
        } finally {
            MDC.remove("delivery_id");
        }
    }

    private byte[] readBounded(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        if (bytes.length > maxBodyBytes) {
            throw new BodySpool.TooLargeException(maxBodyBytes);
        }
        return bytes;
    }

    private ReportResult tooLarge() {
        return ReportResult.rejected(413, WebhookIntake.tooLarge(maxBodyBytes).errors().toArray(String[]::new));
    }

    private static String route(Kind kind) {
        return kind == Kind.DEPLOYMENT ? "deployments" : "incidents";
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
