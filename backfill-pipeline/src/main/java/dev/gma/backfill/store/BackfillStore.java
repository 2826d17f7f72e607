package dev.gma.backfill.store;

import dev.gma.backfill.model.Checkpoint;
import dev.gma.backfill.model.EventRow;
import java.util.List;
import java.util.Optional;

/**
 * Where imported events and per-repository checkpoints go. A page's events are stored before (or
 * with) the checkpoint that moves past them, so a stopped launch never skips a page; at worst it
 * repeats one, whose rows share their delivery ids with the first copy.
 */
public interface BackfillStore extends AutoCloseable {

    /** The checkpoint of {@code repository} for a launch with {@code since}, if one was written. */
    Optional<Checkpoint> checkpoint(String repository, String since) throws Exception;

    /** Stores one page's events and then the checkpoint past them (one transaction where the store has them). */
    void writePage(List<EventRow> events, Checkpoint next) throws Exception;

    @Override
    void close();

    /** Opens the store on a worker (in {@code @Setup}); serializable so it travels with the DoFn. */
    @FunctionalInterface
    interface Factory extends java.io.Serializable {
        BackfillStore open();
    }
}
