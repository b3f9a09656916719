package io.releasecontrol.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.gateway.GatewayITSupport;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * The dashboard is static files served by the gateway to anyone (the API calls it makes carry the
 * key): {@code /} is its page, and every ES module it imports, followed from the page through each
 * module's imports, is served with a JavaScript media type — a browser refuses modules otherwise.
 */
class DashboardIT extends GatewayITSupport {

    private static final Pattern SCRIPT = Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"");
    private static final Pattern STYLESHEET = Pattern.compile("<link rel=\"stylesheet\" href=\"([^\"]+)\"");
    private static final Pattern ICON = Pattern.compile("<link rel=\"icon\" href=\"([^\"]+)\"");
    private static final Pattern IMPORT = Pattern.compile("^import [^;]*?from '([^']+)';", Pattern.MULTILINE);

    @Test
    void rootServesThePageWithoutCredentials() {
        String page = web.get().uri("/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("<title>Release Control</title>").contains("<main id=\"main\">");
        assertThat(page).as("no resource from outside the gateway").doesNotContain("http://").doesNotContain("https://");
        Matcher css = STYLESHEET.matcher(page);
        assertThat(css.find()).isTrue();
        web.get().uri("/" + css.group(1)).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.valueOf("text/css"));
        // the page names its icon: without one the browser asks for /favicon.ico and logs the 404 as an error
        Matcher icon = ICON.matcher(page);
        assertThat(icon.find()).isTrue();
        web.get().uri("/" + icon.group(1)).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.valueOf("image/svg+xml"));
    }

    @Test
    void everyModuleThePageImportsIsServedAsJavaScript() {
        String page = web.get().uri("/index.html").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Matcher entry = SCRIPT.matcher(page);
        assertThat(entry.find()).as("the page loads an ES module").isTrue();

        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add("/" + entry.group(1));
        while (!todo.isEmpty()) {
            String path = todo.poll();
            if (!seen.add(path)) {
                continue;
            }
            String module = web.get().uri(path).exchange()
                    .expectStatus().isOk()
                    .expectHeader().value("Content-Type", type -> assertThat(type).as(path).contains("javascript"))
                    .expectBody(String.class).returnResult().getResponseBody();
            Matcher imports = IMPORT.matcher(module);
            while (imports.find()) {
                todo.add(resolve(path, imports.group(1)));
            }
        }
        assertThat(seen).contains("/js/app.js", "/js/api.js", "/js/sse.js", "/js/chart.js",
                "/js/views/deploy.js", "/js/views/rollbacks.js", "/js/views/metrics.js");
    }

    @Test
    void theApiStillNeedsAKey() {
        web.get().uri("/api/v1/applications").exchange().expectStatus().isUnauthorized();
    }

    /** A relative import ("./x.js", "../x.js") against the importing module's path. */
    static String resolve(String from, String spec) {
        Deque<String> parts = new ArrayDeque<>(java.util.List.of(from.substring(1).split("/")));
        parts.removeLast();
        for (String part : spec.split("/")) {
            if (part.equals("..")) {
                parts.removeLast();
            } else if (!part.equals(".")) {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
