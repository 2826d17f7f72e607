package dev.gma.retry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gma.github.DeliveriesJson;
import java.util.List;

/** The WireMock GitHub of the retry tests: three pages of deliveries, and redelivery accepted. */
public final class GitHubStubs {

    /** What a complete run over {@link #stubThreePages} redelivers: A, D, G, H by their newest failed delivery. */
    public static final List<Long> EXPECTED_REDELIVERIES = List.of(30L, 27L, 23L, 22L);

    private GitHubStubs() {}

    /**
     * Page 1: A fails, B succeeds, C fails but is stored, D fails. Page 2: an older failure of A,
     * E fails but is over the cap, F succeeds, G fails. Page 3: H fails, I succeeds, an older G.
     */
    public static void stubThreePages(WireMockServer github) {
        String next = "<" + github.baseUrl() + "/app/hook/deliveries?per_page=100&cursor=%s>; rel=\"next\"";
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(okJson(new DeliveriesJson()
                .add(30, "g-A", 500).add(29, "g-B", 200).add(28, "g-C", 502).add(27, "g-D", 504).toString())
                .withHeader("Link", String.format(next, "p2"))));
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100&cursor=p2")).willReturn(okJson(new DeliveriesJson()
                .add(26, "g-A", 500).add(25, "g-E", 500).add(24, "g-F", 201).add(23, "g-G", 500).toString())
                .withHeader("Link", String.format(next, "p3"))));
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100&cursor=p3")).willReturn(okJson(new DeliveriesJson()
                .add(22, "g-H", 500).add(21, "g-I", 200).add(20, "g-G", 500).toString())));
    }

    public static void acceptRedeliveries(WireMockServer github) {
        github.stubFor(post(urlPathMatching("/app/hook/deliveries/\\d+/attempts")).willReturn(aResponse().withStatus(202)));
    }

    /** GitHub delivery ids whose redelivery was asked for, in order. */
    public static List<Long> redeliveredIds(WireMockServer github) {
        return github.findAll(postRequestedFor(urlPathMatching("/app/hook/deliveries/\\d+/attempts"))).stream()
                .map(r -> Long.parseLong(r.getUrl().split("/")[4])).toList();
    }
}
