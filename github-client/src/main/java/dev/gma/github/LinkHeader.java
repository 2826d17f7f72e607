package dev.gma.github;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code cursor} of the rel="next" URL of GitHub's {@code Link} header (RFC 8288). */
final class LinkHeader {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

    private LinkHeader() {}

    static Optional<String> nextCursor(Optional<String> header) {
        return header.flatMap(LinkHeader::nextUrl).flatMap(LinkHeader::cursor);
    }

    /** The whole rel="next" URL, for lists paged by {@code page=} rather than {@code cursor=}. */
    static Optional<String> nextUrl(Optional<String> header) {
        return header.flatMap(LinkHeader::nextUrl);
    }

    private static Optional<String> nextUrl(String header) {
        Matcher link = LINK.matcher(header);
        while (link.find()) {
            Matcher rel = REL.matcher(link.group(2));
            if (rel.find() && List.of(rel.group(1).trim().split("\\s+")).contains("next")) {
                return Optional.of(link.group(1));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> cursor(String url) {
        String query = URI.create(url).getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("cursor=")) {
                return Optional.of(URLDecoder.decode(pair.substring("cursor=".length()), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
