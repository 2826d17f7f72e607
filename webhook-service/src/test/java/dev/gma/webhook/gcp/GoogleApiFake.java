package dev.gma.webhook.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.gma.testing.Testdata;
import java.nio.charset.StandardCharsets;

/**
 * BigQuery's and Cloud Storage's REST surface as WireMock on a free loopback port, with the real
 * Google clients pointed at it (no credentials). Responses come from {@code testdata/gcp/}.
 */
final class GoogleApiFake implements AutoCloseable {

    static final String PROJECT = "p";

    final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

    GoogleApiFake() {
        server.start();
    }

    BigQuery bigQuery() {
        return BigQueryOptions.newBuilder().setHost(server.baseUrl()).setProjectId(PROJECT)
                .setCredentials(NoCredentials.getInstance()).build().getService();
    }

    Storage storage() {
        return StorageOptions.http().setHost(server.baseUrl()).setProjectId(PROJECT)
                .setCredentials(NoCredentials.getInstance()).build().getService();
    }

    /** A resumable upload into {@code bucket}: the session is opened, then one PUT carries the bytes. */
    void acceptUploads(String bucket, long size) {
        server.stubFor(post(urlPathEqualTo("/upload/storage/v1/b/" + bucket + "/o"))
                .willReturn(aResponse().withStatus(200).withHeader("Location", server.baseUrl() + "/upload/session-1")));
        // Cloud Storage's client checks the finalized object's size against what it sent.
        server.stubFor(put(urlPathEqualTo("/upload/session-1"))
                .willReturn(okJson(fixture("gcs-object.json").replace("{{size}}", Long.toString(size)))));
    }

    static String fixture(String name) {
        return new String(Testdata.bytes("gcp/" + name), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop();
    }
}
