package dev.gma.backfill.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of {@code events} standing for the webhook GitHub would have sent for an object's latest
 * state: the columns the webhook service writes, {@code source = 'backfill'}, no signature and no hook id.
 */
public record EventRow(String deliveryId, String event, String action, String payload, Long installationId,
                       Long enterpriseId, String enterpriseName, Long organizationId, String organizationName,
                       Long repositoryId, String repositoryFullName, String senderLogin) implements Serializable {

    public static final String SOURCE = "backfill";

    /** Column values by name, as stored at {@code received}; absent enrichment stays NULL. */
    public Map<String, Object> toRow(Instant received) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("delivery_id", deliveryId);
        row.put("received", received);
        row.put("event", event);
        row.put("payload", payload);
        putIfPresent(row, "action", action);
        putIfPresent(row, "installation_id", installationId);
        putIfPresent(row, "enterprise_id", enterpriseId);
        putIfPresent(row, "enterprise_name", enterpriseName);
        putIfPresent(row, "organization_id", organizationId);
        putIfPresent(row, "organization_name", organizationName);
        putIfPresent(row, "repository_id", repositoryId);
        putIfPresent(row, "repository_full_name", repositoryFullName);
        putIfPresent(row, "sender_login", senderLogin);
        row.put("source", SOURCE);
        return row;
    }

    private static void putIfPresent(Map<String, Object> row, String column, Object value) {
        if (value != null) {
            row.put(column, value);
        }
    }
}
