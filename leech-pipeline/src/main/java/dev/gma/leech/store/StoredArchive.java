package dev.gma.leech.store;

/** An archive written to the bucket: where, how big, and its hex SHA-256. */
public record StoredArchive(String uri, long bytes, String sha256) {}
