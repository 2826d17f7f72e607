package dev.gma.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveriesApiTest extends GitHubStubTest {

    private static final String FIRST_PAGE = "/app/hook/deliveries?per_page=100";

    @Test
    void followsTheLinkHeaderCursorThroughThreePages() {
        stubPage(FIRST_PAGE, "deliveries-page-1.json", "v1_2==");
        stubPage(FIRST_PAGE + "&cursor=v1_2%3D%3D", "deliveries-page-2.json", "v1_3");
        stubPage(FIRST_PAGE + "&cursor=v1_3", "deliveries-page-3.json", null);

        DeliveryPage first = client.listDeliveries(Optional.empty(), FAR_DEADLINE);
        DeliveryPage second = client.listDeliveries(first.nextCursor(), FAR_DEADLINE);
        DeliveryPage third = client.listDeliveries(second.nextCursor(), FAR_DEADLINE);

        assertThat(first.deliveries()).extracting(HookDelivery::id).containsExactly(30L, 29L);
        assertThat(first.nextCursor()).contains("v1_2==");
        assertThat(second.deliveries()).extracting(HookDelivery::id).containsExactly(20L);
        assertThat(third.deliveries()).extracting(HookDelivery::event).containsExactly("ping");
        assertThat(third.nextCursor()).isEmpty();
        assertThat(client.requestCount()).isEqualTo(3);
    }

    @Test
    void readsEveryFieldOfTheDocumentedShape() {
        stubPage(FIRST_PAGE, "deliveries-page-1.json", null);
        github.stubFor(get(urlEqualTo("/app/hook/deliveries/12345678")).willReturn(okJson(Fixtures.read("github/delivery.json"))));

        HookDelivery failed = client.listDeliveries(Optional.empty(), FAR_DEADLINE).deliveries().get(0);
        HookDelivery single = client.getDelivery(12345678, FAR_DEADLINE);

        assertThat(failed).isEqualTo(new HookDelivery(30, "0b989ba4-242f-11e5-81e1-c7b6966d2516",
                Instant.parse("2026-11-22T09:57:16Z"), false, 10.02, "Invalid HTTP Response: 500", 500, "issues",
                "opened", 123L, 456L));
        assertThat(failed.succeeded()).isFalse();
        assertThat(single.succeeded()).isTrue();
        assertThat(single.statusCode()).isEqualTo(201);
    }

    @Test
    void nullableFieldsStayNull() {
        stubPage(FIRST_PAGE, "deliveries-page-3.json", null);
        HookDelivery ping = client.listDeliveries(Optional.empty(), FAR_DEADLINE).deliveries().get(0);
        assertThat(ping.action()).isNull();
        assertThat(ping.installationId()).isNull();
        assertThat(ping.repositoryId()).isNull();
    }

    @Test
    void sendsGitHubsHeadersAndAFreshAppJwt() {
        stubPage(FIRST_PAGE, "deliveries-page-3.json", null);
        client.listDeliveries(Optional.empty(), FAR_DEADLINE);

        LoggedRequest request = github.findAll(getRequestedFor(urlPathEqualTo("/app/hook/deliveries"))).get(0);
        assertThat(request.getHeader("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(request.getHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        assertThat(request.getHeader("User-Agent")).isEqualTo("github-metrics-aggregator");
        String jwt = request.getHeader("Authorization").substring("Bearer ".length());
        assertThat(TestKeys.verifyAppJwt(jwt, NOW).getIssuer()).isEqualTo("42");
    }

    @ParameterizedTest
    @CsvSource({
        "not-an-array.json,          not a JSON array",
        "missing-guid.json,          'delivery #1 of the page lacks the string guid'",
        "missing-status-code.json,   'delivery #0 of the page lacks the number status_code'",
        "id-not-a-number.json,       'delivery #0 of the page lacks the number id'",
        "element-not-an-object.json, 'delivery #0 of the page is not a JSON object'",
        "bad-delivered-at.json,      delivered_at that is not an RFC 3339 time",
        "not-json.html,              the deliveries page is not JSON",
    })
    void aMalformedPageIsAClearError(String fixture, String message) {
        github.stubFor(get(urlEqualTo(FIRST_PAGE)).willReturn(aResponse().withStatus(200)
                .withBody(Fixtures.read("github/malformed/" + fixture))));
        assertThatThrownBy(() -> client.listDeliveries(Optional.empty(), FAR_DEADLINE))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining(message);
    }

    @Test
    void aDeliveryGitHubNoLongerHasIsNotFound() {
        github.stubFor(get(urlEqualTo("/app/hook/deliveries/7")).willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(() -> client.getDelivery(7, FAR_DEADLINE))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void redeliverAnswers202WhenAccepted() {
        github.stubFor(post(urlEqualTo("/app/hook/deliveries/12/attempts")).willReturn(aResponse().withStatus(202)));
        assertThat(client.redeliver(12, FAR_DEADLINE)).isEqualTo(202);
        github.verify(postRequestedFor(urlEqualTo("/app/hook/deliveries/12/attempts"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
    }

    @Test
    void redeliverReturnsARefusalForTheCallerToRecord() {
        github.stubFor(post(urlEqualTo("/app/hook/deliveries/13/attempts")).willReturn(aResponse().withStatus(422)));
        github.stubFor(post(urlEqualTo("/app/hook/deliveries/14/attempts")).willReturn(aResponse().withStatus(404)));
        assertThat(client.redeliver(13, FAR_DEADLINE)).isEqualTo(422);
        assertThat(client.redeliver(14, FAR_DEADLINE)).isEqualTo(404);
        assertThat(waits).isEmpty();
    }

    @Test
    void redeliverThrowsWhenTheAppIsNotAuthorized() {
        github.stubFor(post(urlEqualTo("/app/hook/deliveries/15/attempts")).willReturn(aResponse().withStatus(401)));
        assertThatThrownBy(() -> client.redeliver(15, FAR_DEADLINE))
                .isInstanceOfSatisfying(GitHubApiException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("POST /app/hook/deliveries/15/attempts")
                .hasMessageNotContaining("Bearer");
        github.verify(2, postRequestedFor(urlEqualTo("/app/hook/deliveries/15/attempts")));
    }

    private void stubPage(String url, String fixture, String nextCursor) {
        var response = okJson(Fixtures.read("github/" + fixture));
        if (nextCursor != null) {
            String next = github.baseUrl() + FIRST_PAGE + "&cursor="
                    + URLEncoder.encode(nextCursor, StandardCharsets.UTF_8);
            response = response.withHeader("Link", "<" + next + ">; rel=\"next\", <" + github.baseUrl() + FIRST_PAGE
                    + ">; rel=\"first\"");
        }
        github.stubFor(get(urlEqualTo(url)).willReturn(response));
    }
}
