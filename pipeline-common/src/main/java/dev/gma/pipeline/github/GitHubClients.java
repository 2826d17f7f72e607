package dev.gma.pipeline.github;

import dev.gma.github.GitHubAppClient;
import java.io.Serializable;

/** Builds the GitHub client on a worker, in {@code @Setup}; serializable so it travels with the DoFn. */
@FunctionalInterface
public interface GitHubClients extends Serializable {

    GitHubAppClient create();

    static GitHubClients of(GitHubAccess access) {
        return () -> new GitHubAppClient(access.settings());
    }
}
