package dev.gma.webhook.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.proto.v1.Event;
import dev.gma.testing.Testdata;
import dev.gma.webhook.domain.DeadLetterPublisher;
import dev.gma.webhook.domain.DeliveryHandler;
import dev.gma.webhook.domain.EventPublisher;
import dev.gma.webhook.domain.FailureLog;
import dev.gma.webhook.domain.Outcome;
import dev.gma.webhook.domain.PublishException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report intake over the real DeliveryHandler with in-memory ports: publish failures and the dead letter. */
class ReportIntakeTest {

    private final List<Event> published = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();
    private final List<Event> deadLettered = new ArrayList<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private boolean publishFails;

    private final EventPublisher publisher = (event, payload) -> {
        if (publishFails) {
            return PublishException.failed(new PublishException("topic unavailable"));
        }
        published.add(event);
        try {
            payloads.add(new String(payload.bytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            return PublishException.failed(new PublishException("payload unreadable", e));
        }
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    };
    private final FailureLog failureLog = (id, error, at) -> failures.merge(id, 1, Integer::sum);
    private final DeadLetterPublisher deadLetters = (event, payload, error) -> deadLettered.add(event);
    private final ReportIntake intake = new ReportIntake(new BearerTokens(List.of("t")),
            new PagerDutySignature(List.of("pd")),
            new DeliveryHandler(publisher, failureLog, deadLetters, 2, Clock.systemUTC(), Runnable::run), 1 << 20);

    private ReportResult send(ReportIntake.Kind kind, byte[] body, String signature) {
        return intake.receive(kind, new ReportRequest("application/json; charset=utf-8", "Bearer t", signature,
                (long) body.length, new ByteArrayInputStream(body)));
    }

    @Test
    void theEventCarriesTheContractColumnsAndNoSignatureForAReport() {
        byte[] body = Testdata.bytes("events/incident.opened.json");
        ReportResult result = send(ReportIntake.Kind.INCIDENT, body, null);
        assertThat(result.status()).isEqualTo(201);
        assertThat(result.outcome()).isEqualTo(Outcome.STORED);
        Event event = published.get(0);
        assertThat(event.getEvent()).isEqualTo("custom_incident");
        assertThat(event.getAction()).isEqualTo("opened");
        assertThat(event.getDeliveryId()).isEqualTo(Report.incidentDeliveryId("INC-2041", "opened"));
        assertThat(event.getRepositoryFullName()).isEqualTo("octo-org/hello-world");
        assertThat(event.getOrganizationName()).isEqualTo("octo-org");
        assertThat(event.getSignature()).isEmpty();
        assertThat(event.hasSenderLogin() || event.hasInstallationId() || event.hasHookId() || event.hasEnterpriseId()
                || event.hasOrganizationId() || event.hasRepositoryId()).isFalse();
        assertThat(payloads.get(0)).isEqualTo(new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void aPagerDutyEventKeepsTheSignatureAsReceived() {
        byte[] body = Testdata.bytes("events/pagerduty.incident.triggered.json");
        String signature = PagerDutySignature.sign("pd", body);
        assertThat(send(ReportIntake.Kind.PAGERDUTY, body, signature).status()).isEqualTo(201);
        assertThat(published.get(0).getSignature()).isEqualTo(signature);
        assertThat(published.get(0).hasRepositoryFullName()).isFalse();
    }

    @Test
    void aFailedPublishIsRecordedAndAnswered500UntilTheLimitThenDeadLetteredAnd201() {
        publishFails = true;
        byte[] body = Testdata.bytes("events/deployment.json");
        ReportResult first = send(ReportIntake.Kind.DEPLOYMENT, body, null);
        assertThat(first.status()).isEqualTo(500);
        assertThat(first.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(first.id()).isEqualTo("argo-hello-world-prod-20261129-1405");
        assertThat(first.errors()).singleElement().asString().contains("send the same report again");
        ReportResult second = send(ReportIntake.Kind.DEPLOYMENT, body, null);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.outcome()).isEqualTo(Outcome.DEAD_LETTERED);
        assertThat(failures).containsEntry(Report.deploymentDeliveryId("argo-hello-world-prod-20261129-1405"), 2);
        assertThat(deadLettered).singleElement().satisfies(e -> assertThat(e.getEvent()).isEqualTo("custom_deployment"));
        assertThat(published).isEmpty();
    }
}
