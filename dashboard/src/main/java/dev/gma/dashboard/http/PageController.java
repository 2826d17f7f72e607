package dev.gma.dashboard.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four pages: one layout ({@code pages/layout.html}: navigation, filters) around each page's
 * fragment. Every script and style comes from this server (Content-Security-Policy 'self'), so a
 * page never asks anything of another host.
 */
@Controller
public class PageController {

    /** Path, page id, title. */
    static final Map<String, String[]> PAGES = new LinkedHashMap<>();

    static {
        PAGES.put("/", new String[] {"dora", "DORA overview"});
        PAGES.put("/flow", new String[] {"flow", "Delivery flow"});
        PAGES.put("/ci", new String[] {"ci", "CI health"});
        PAGES.put("/deployments", new String[] {"deployments", "Deployments and incidents"});
    }

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Map<String, String> rendered = new LinkedHashMap<>();

    public PageController() {
        String layout = read("pages/layout.html");
        PAGES.forEach((path, page) -> {
            StringBuilder nav = new StringBuilder();
            PAGES.forEach((p, other) -> nav.append("<a href=\"").append(p).append("\" data-nav=\"").append(other[0]).append('"')
                    .append(other[0].equals(page[0]) ? " aria-current=\"page\"" : "").append('>').append(other[1]).append("</a>"));
            rendered.put(path, layout.replace("{{title}}", page[1]).replace("{{page}}", page[0])
                    .replace("{{nav}}", nav).replace("{{content}}", read("pages/" + page[0] + ".html")));
        });
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<String> dora() {
        return page("/");
    }

    @Get(uri = "/flow", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> flow() {
        return page("/flow");
    }

    @Get(uri = "/ci", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> ci() {
        return page("/ci");
    }

    @Get(uri = "/deployments", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> deployments() {
        return page("/deployments");
    }

    private HttpResponse<String> page(String path) {
        return HttpResponse.ok(rendered.get(path)).contentType(MediaType.TEXT_HTML_TYPE)
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store");
    }

    private static String read(String resource) {
        try (InputStream in = PageController.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing page resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
