package dev.gma.backfill.model;

import java.io.Serializable;

/**
 * What could not be imported, with the input and the error, so nothing is dropped silently.
 *
 * @param key   what it is about: {@code owner/name}, {@code installation/ID}, or an object in a repository
 * @param input the input as received (a repository, an installation, an object), trimmed to 64 KiB
 */
public record DeadLetter(String step, String key, String error, String input) implements Serializable {

    private static final int MAX_INPUT = 64 * 1024;

    public DeadLetter {
        if (input != null && input.length() > MAX_INPUT) {
            input = input.substring(0, MAX_INPUT) + "…";
        }
    }
}
