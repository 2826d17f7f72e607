package dev.gma.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Any REST list, page by page through the Link header, as the App or as an installation (the backfill's reads). */
class JsonPagesTest extends GitHubStubTest {

    @Test
    void aListPageKeepsItsBodyWholeAndGivesTheNextUrl() {
        String next = github.baseUrl() + "/repos/o/r/pulls?state=all&page=2";
        github.stubFor(post(urlEqualTo("/app/installations/123/access_tokens")).willReturn(aResponse()
                .withStatus(201).withBody(Fixtures.read("github/installation-token.json"))));
        github.stubFor(get(urlEqualTo("/repos/o/r/pulls?state=all")).willReturn(aResponse().withStatus(200)
                .withHeader("Link", "<" + next + ">; rel=\"next\", <" + next + "0>; rel=\"last\"")
                .withBody("[{\"id\":1,\"unknown_field\":{\"kept\":true}}]")));
        github.stubFor(get(urlEqualTo("/repos/o/r/pulls?state=all&page=2")).willReturn(aResponse().withStatus(200)
                .withBody("[]")));

        JsonPage first = client.getPageAsInstallation("/repos/o/r/pulls?state=all", 123, FAR_DEADLINE);
        assertThat(first.body()).isEqualTo("[{\"id\":1,\"unknown_field\":{\"kept\":true}}]");
        assertThat(first.next()).contains(next);
        JsonPage last = client.getPageAsInstallation(first.next().get(), 123, FAR_DEADLINE);
        assertThat(last.next()).isEmpty();
        github.verify(2, getRequestedFor(urlPathEqualTo("/repos/o/r/pulls"))
                .withHeader("Authorization", equalTo("Bearer ghs_16C7e42F292c6912E7710c838347Ae178B4a")));
    }

    @Test
    void asTheAppWithItsJwtAnd404IsNotFound() {
        github.stubFor(get(urlEqualTo("/app/installations?per_page=100")).willReturn(aResponse().withStatus(200)
                .withBody("[]")));
        assertThat(client.getPageAsApp("/app/installations?per_page=100", FAR_DEADLINE).body()).isEqualTo("[]");
        String jwt = github.getAllServeEvents().get(0).getRequest().getHeader("Authorization").substring(7);
        assertThat(TestKeys.verifyAppJwt(jwt, NOW).getIssuer()).isEqualTo("42");

        github.stubFor(get(urlEqualTo("/app/gone")).willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(() -> client.getPageAsApp("/app/gone", FAR_DEADLINE)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aNextLinkNamingAnotherHostIsAskedOfTheApiHostSoNoTokenLeavesIt() {
        github.stubFor(post(urlEqualTo("/app/installations/123/access_tokens")).willReturn(aResponse()
                .withStatus(201).withBody(Fixtures.read("github/installation-token.json"))));
        github.stubFor(get(urlEqualTo("/repos/o/r/pulls?page=2")).willReturn(aResponse().withStatus(200).withBody("[2]")));
        assertThat(client.getPageAsInstallation("https://evil.example/repos/o/r/pulls?page=2", 123, FAR_DEADLINE)
                .body()).isEqualTo("[2]");
    }

    @Test
    void aNextLinkOutsideTheApiPathIsRefused() {
        GitHubAppClient ghes = new GitHubAppClient(new GitHubAppSettings(42, TestKeys.pkcs1Pem(),
                java.net.URI.create(github.baseUrl() + "/api/v3")), clock, FAST_POLICY, waits::add);
        assertThatThrownBy(() -> ghes.getPageAsInstallation(github.baseUrl() + "/elsewhere/pulls?page=2", 123,
                FAR_DEADLINE)).isInstanceOf(MalformedResponseException.class).hasMessageContaining("points away");
        assertThat(github.getAllServeEvents()).isEmpty();
    }
}
