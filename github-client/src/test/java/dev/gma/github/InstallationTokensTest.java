package dev.gma.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InstallationTokensTest extends GitHubStubTest {

    private static final String CREATE = "/app/installations/123/access_tokens";
    /** From the fixture: the token expires at 11:00, an hour after {@link #NOW}. */
    private static final String TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";

    @Test
    void isCreatedWithTheAppJwtAndCachedUntilFiveMinutesBeforeItExpires() {
        github.stubFor(post(urlEqualTo(CREATE)).withHeader("Authorization", matching("Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.read("github/installation-token.json"))));

        assertThat(client.installationToken(123, FAR_DEADLINE)).isEqualTo(TOKEN);
        clock.advance(Duration.ofMinutes(54).plusSeconds(59));
        assertThat(client.installationToken(123, FAR_DEADLINE)).isEqualTo(TOKEN);
        github.verify(1, postRequestedFor(urlEqualTo(CREATE)));

        clock.advance(Duration.ofSeconds(1)); // 5 minutes left: renew
        client.installationToken(123, FAR_DEADLINE);
        github.verify(2, postRequestedFor(urlEqualTo(CREATE)));
    }

    @Test
    void anAnswerWithoutTokenOrExpiryIsMalformed() {
        github.stubFor(post(urlEqualTo(CREATE)).willReturn(aResponse().withStatus(201)
                .withBody(Fixtures.read("github/rate-limit-exceeded.json"))));

        assertThatThrownBy(() -> client.installationToken(123, FAR_DEADLINE))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("lacks token or expires_at");
    }

    @Test
    void anUnknownInstallationIsNotFound() {
        github.stubFor(post(urlEqualTo(CREATE)).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> client.installationToken(123, FAR_DEADLINE))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
}
