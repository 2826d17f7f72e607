package dev.gma.github;

import java.util.Optional;

/**
 * One page of a GitHub REST list: the JSON body as GitHub sent it (kept whole, so every field of
 * every object survives) and the {@code rel="next"} URL of its {@code Link} header, empty on the
 * last page.
 */
public record JsonPage(String body, Optional<String> next) {}
