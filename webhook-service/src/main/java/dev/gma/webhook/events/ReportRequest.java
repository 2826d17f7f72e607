package dev.gma.webhook.events;

import java.io.InputStream;

/**
 * What the HTTP layer hands over for {@code POST /events/*}: the headers that matter and the
 * body as a stream. {@code contentLength} is null for a chunked body; {@code authorization} is
 * read for reports, {@code pagerDutySignature} for PagerDuty webhooks.
 */
public record ReportRequest(String contentType, String authorization, String pagerDutySignature, Long contentLength,
                            InputStream body) {}
