package dev.gma.retry.domain;

import java.util.Optional;

/** The {@code checkpoint} table. */
public interface CheckpointStore {

    Optional<Checkpoint> latest(String githubInstanceUrl);

    void save(Checkpoint checkpoint);
}
