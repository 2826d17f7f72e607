package dev.gma.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Parses GitHub's JSON answers; a body that is not JSON is a {@link MalformedResponseException}. */
final class JsonBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodies() {}

    /** @param what names the body in the error message, e.g. "the deliveries page" */
    static JsonNode read(String body, String what) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new MalformedResponseException(what + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedResponseException(what + " is not JSON");
        }
    }
}
