package dev.gma.webhook.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gma.testing.Testdata;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReportValidatorTest {

    private final ReportValidator validator = new ReportValidator();

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theErrorsOfTheExampleInDocsEventsMdAreExactlyThese() {
        ReportValidator.Validation v = validator.deployment(json(
                "{\"id\":\"x\",\"repository\":\"hello-world\",\"sha\":\"HEAD\",\"status\":\"ok\"}"));
        assertThat(v.report()).isNull();
        assertThat(v.errors()).containsExactly(
                "'repository' must be \"owner/name\" (was \"hello-world\")",
                "missing field 'environment'",
                "'sha' must be 7 to 64 hexadecimal characters (was \"HEAD\")",
                "'status' must be \"success\" or \"failure\" (was \"ok\")",
                "missing field 'started_at'",
                "missing field 'finished_at'");
    }

    @Test
    void theFixturesAreValidAndMapToTheStorageContract() {
        Report deployment = validator.deployment(Testdata.bytes("events/deployment.json")).report();
        assertThat(deployment).isEqualTo(new Report("custom_deployment", "success", "argo-hello-world-prod-20261129-1405",
                UUID.nameUUIDFromBytes("custom_deployment:argo-hello-world-prod-20261129-1405".getBytes(StandardCharsets.UTF_8))
                        .toString(), "octo-org/hello-world", "octo-org"));
        assertThat(validator.deployment(Testdata.bytes("events/deployment.failure.json")).report().action()).isEqualTo("failure");
        assertThat(validator.incident(Testdata.bytes("events/incident.opened.json")).report().action()).isEqualTo("opened");
        assertThat(validator.incident(Testdata.bytes("events/incident.resolved.json")).report().action()).isEqualTo("resolved");
        Report serviceOnly = validator.incident(Testdata.bytes("events/incident.service-only.json")).report();
        assertThat(serviceOnly.repositoryFullName()).isNull();
        assertThat(serviceOnly.organizationName()).isNull();
        Report pd = validator.pagerDuty(Testdata.bytes("events/pagerduty.incident.resolved.json")).report();
        assertThat(pd.action()).isEqualTo("incident.resolved");
        assertThat(pd.deliveryId()).isEqualTo(Report.pagerDutyDeliveryId("01DFRA5N0B7QXJY3DT9C5C5V2M"));
    }

    @Test
    void timesMustBeRfc3339WithSecondsAndAnOffset() {
        for (String bad : List.of("2026-11-29T14:05Z", "2026-11-29 14:05:00Z", "2026-11-29T14:05:00", "2026-13-29T14:05:00Z",
                "1732889100", "2026-11-29t14:05:00z")) {
            assertThat(validator.incident(json("{\"id\":\"i\",\"service\":\"s\",\"title\":\"t\",\"opened_at\":\"" + bad + "\"}"))
                    .errors()).as(bad).singleElement().asString().startsWith("'opened_at' must be an RFC 3339 date-time");
        }
        for (String good : List.of("2026-11-29T14:05:00Z", "2026-11-29T14:05:00.123456+01:00", "2026-11-29T14:05:00-08:00")) {
            assertThat(validator.incident(json("{\"id\":\"i\",\"service\":\"s\",\"title\":\"t\",\"opened_at\":\"" + good + "\"}"))
                    .errors()).as(good).isEmpty();
        }
    }

    @Test
    void aResolveComparesInstantsAcrossOffsetsAndNullMeansAbsent() {
        String base = "{\"id\":\"i\",\"service\":\"s\",\"title\":\"t\",\"opened_at\":\"2026-11-29T14:00:00+01:00\",\"resolved_at\":";
        assertThat(validator.incident(json(base + "\"2026-11-29T13:30:00Z\"}")).report().action()).isEqualTo("resolved");
        assertThat(validator.incident(json(base + "\"2026-11-29T12:59:59Z\"}")).errors())
                .containsExactly("'resolved_at' must not be before 'opened_at'");
        assertThat(validator.incident(json(base + "null}")).report().action()).isEqualTo("opened");
    }

    @Test
    void malformedBodiesAreOneError() {
        assertThatThrownBy(() -> validator.deployment(json("{\"id\":\"a\"} trailing")))
                .isInstanceOf(ReportValidator.MalformedReportException.class).hasMessageStartingWith("body is not valid JSON");
        assertThatThrownBy(() -> validator.deployment(json("{\"id\":\"a\",\"id\":\"b\"}")))
                .hasMessageContaining("Duplicate field 'id'");
        assertThat(validator.incident(json("\"text\"")).errors()).containsExactly("body must be one JSON object");
        assertThat(validator.pagerDuty(json("{\"event\":[]}")).errors()).containsExactly("'event' must be an object");
    }
}
