package dev.gma.webhook.domain;

/** The fields read once from a payload at ingest (all optional: many events lack some). */
public record Enrichment(
        String action,
        Long installationId,
        Long enterpriseId,
        String enterpriseName,
        Long organizationId,
        String organizationName,
        Long repositoryId,
        String repositoryFullName,
        String senderLogin) {}
