package dev.gma.leech.model;

/** The {@code status} column of {@code leech_status}. */
public enum Outcome {
    /** The archive is stored: logs_uri, bytes and sha256 are set. */
    SUCCESS,
    /** GitHub answered 404 or 410: the logs expired or were deleted; never tried again. */
    NOT_FOUND,
    /** Anything else; tried again on a later run until MAX_ATTEMPTS. */
    FAILURE
}
