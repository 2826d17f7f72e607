package dev.gma.webhook.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gma.webhook.domain.PayloadParser.MalformedPayloadException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadParserTest {

    private final PayloadParser parser = new PayloadParser();

    @Test
    void readsOnlyTheTopLevelFieldsAndTheirDirectChildren() throws Exception {
        Enrichment e = parser.parse(utf8("{\"action\":\"closed\",\"pull_request\":{\"action\":\"x\",\"id\":1},"
                + "\"repository\":{\"owner\":{\"id\":99,\"login\":\"o\"},\"id\":5,\"full_name\":\"o/r\"},"
                + "\"sender\":{\"login\":\"s\"},\"list\":[{\"id\":3}]}"));

        assertThat(e.action()).isEqualTo("closed");
        assertThat(e.repositoryId()).isEqualTo(5L);
        assertThat(e.repositoryFullName()).isEqualTo("o/r");
        assertThat(e.senderLogin()).isEqualTo("s");
        assertThat(e.organizationId()).isNull();
        assertThat(e.installationId()).isNull();
    }

    @Test
    void toleratesNullsAndWrongTypesAsMissing() throws Exception {
        Enrichment e = parser.parse(utf8("{\"action\":null,\"installation\":{\"id\":\"not a number\"},\"sender\":null}"));
        assertThat(e).isEqualTo(new Enrichment(null, null, null, null, null, null, null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "{\"a\":", "{} {}", "not json", "{\"a\":1}}"})
    void rejectsAnythingButOneJsonObject(String body) {
        assertThatThrownBy(() -> parser.parse(utf8(body))).isInstanceOf(MalformedPayloadException.class);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
