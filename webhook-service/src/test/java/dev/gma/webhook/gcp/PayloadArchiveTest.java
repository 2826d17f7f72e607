package dev.gma.webhook.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gma.testing.Testdata;
import dev.gma.webhook.domain.BodySpool;
import dev.gma.webhook.domain.PublishException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The claim check's Cloud Storage writes, through the real client against WireMock. */
class PayloadArchiveTest {

    private final GoogleApiFake google = new GoogleApiFake();
    private final PayloadArchive archive = new PayloadArchive(google.storage(), "payloads");

    @AfterEach
    void stop() {
        google.close();
    }

    @Test
    void storesThePayloadWholeUnderPayloadsSlashTheDeliveryIdAndReturnsItsGsUri() throws Exception {
        byte[] payload = Testdata.bytes("workflow_run.completed.json");
        google.acceptUploads("payloads", payload.length);

        String uri = archive.store("72d3162e-cc78-11e3-81ab-4c9367dc0958", BodySpool.of(payload));

        assertThat(uri).isEqualTo("gs://payloads/payloads/72d3162e-cc78-11e3-81ab-4c9367dc0958.json");
        google.server.verify(1, postRequestedFor(urlPathEqualTo("/upload/storage/v1/b/payloads/o"))
                .withQueryParam("uploadType", equalTo("resumable"))
                .withRequestBody(matchingJsonPath("$.name", equalTo("payloads/72d3162e-cc78-11e3-81ab-4c9367dc0958.json")))
                .withRequestBody(matchingJsonPath("$.contentType", equalTo("application/json"))));
        google.server.verify(1, putRequestedFor(urlPathEqualTo("/upload/session-1")).withRequestBody(binaryEqualTo(payload)));
    }

    @Test
    void aDeliveryIdThatIsNotAPlainNameCannotLeaveThePayloadsFolder() throws Exception {
        google.acceptUploads("payloads", 2);

        String uri = archive.store("../../other-bucket/x y", BodySpool.of("{}".getBytes()));

        assertThat(uri).isEqualTo("gs://payloads/payloads/.._.._other-bucket_x_y.json");
        google.server.verify(postRequestedFor(urlPathEqualTo("/upload/storage/v1/b/payloads/o"))
                .withRequestBody(matchingJsonPath("$.name", equalTo("payloads/.._.._other-bucket_x_y.json"))));
    }

    @Test
    void aRefusedUploadIsAPublishExceptionNamingTheObjectAndTheStatus() {
        google.server.stubFor(post(urlPathEqualTo("/upload/storage/v1/b/payloads/o")).willReturn(aResponse()
                .withStatus(403).withHeader("Content-Type", "application/json")
                .withBody(GoogleApiFake.fixture("gcs-forbidden.json"))));

        assertThatThrownBy(() -> archive.store("d-1", BodySpool.of("{\"a\":1}".getBytes())))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("gs://payloads/payloads/d-1.json")
                .hasMessageContaining("403")
                .hasMessageContaining("storage.objects.create");
        assertThat(google.server.findAll(putRequestedFor(anyUrl()))).as("no bytes sent without a session").isEmpty();
        assertThat(google.server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
    }
}
