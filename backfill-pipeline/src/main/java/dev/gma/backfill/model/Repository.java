package dev.gma.backfill.model;

import java.io.Serializable;

/**
 * One repository to import, as discovered through its installation.
 *
 * @param repositoryJson the repository object exactly as {@code GET /installation/repositories} listed it;
 *                       it becomes the events' {@code repository}
 * @param accountJson    the installation's account (organization or user) as GitHub listed it
 * @param accountType    {@code Organization} or {@code User}: only an organization becomes {@code organization}
 */
public record Repository(long installationId, String fullName, String repositoryJson, String accountJson,
                         String accountType) implements Serializable {

    public String owner() {
        return fullName.substring(0, fullName.indexOf('/'));
    }

    public String name() {
        return fullName.substring(fullName.indexOf('/') + 1);
    }

    public boolean organization() {
        return "Organization".equals(accountType);
    }
}
