package io.releasecontrol.runtime.input;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses, before any handler runs, the input no service can use:
 * <ul>
 * <li>a NUL (U+0000) in a decoded query value or path segment ({@code ?application=%00}) — 400
 *     naming the parameter; PostgreSQL cannot store it, so it was a 500 further on. Bodies have
 *     their own guard ({@link NulRefusingModule});</li>
 * <li>a JSON body declared in a charset other than UTF-8 (RFC 8259 §8.1: JSON between systems is
 *     UTF-8) — 415, instead of a body silently read as something else.</li>
 * </ul>
 */
public class InputGuardWebFilter implements WebFilter, Ordered {

    /** UTF-8 under its names, and US-ASCII, its subset */
    private static final Set<String> UTF8_NAMES = Set.of("utf-8", "utf8", "us-ascii");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        for (Map.Entry<String, List<String>> param : request.getQueryParams().entrySet()) {
            if (hasNul(param.getKey()) || param.getValue().stream().anyMatch(InputGuardWebFilter::hasNul)) {
                return Mono.error(ProblemException.invalid(param.getKey().replace("\0", "\\u0000"), NulCharacterException.REASON));
            }
        }
        for (PathContainer.Element element : request.getPath().pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment segment && hasNul(segment.valueToMatch())) {
                return Mono.error(ProblemException.invalid("path", NulCharacterException.REASON));
            }
        }
        String contentType = request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !isUtf8OrNotJson(contentType)) {
            return Mono.error(new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "JSON bodies must be UTF-8 (RFC 8259); got '"
                    + contentType + "'. Send Content-Type: application/json or application/json; charset=utf-8",
                    Map.of("supported", List.of(MediaType.APPLICATION_JSON_VALUE))));
        }
        return chain.filter(exchange);
    }

    /** true unless a JSON type names another charset; a type that does not parse is the codecs' to refuse (415) */
    static boolean isUtf8OrNotJson(String contentType) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return true;
        }
        boolean json = "application".equalsIgnoreCase(type.getType())
                && ("json".equalsIgnoreCase(type.getSubtype()) || "json".equalsIgnoreCase(type.getSubtypeSuffix()));
        String charset = type.getParameter("charset");
        if (!json || charset == null) {
            return true;
        }
        // the raw name: MediaType.getCharset() throws on a name the JVM does not know
        String name = charset.replace("\"", "").trim().toLowerCase(Locale.ROOT);
        return UTF8_NAMES.contains(name);
    }

    private static boolean hasNul(String value) {
        return value != null && value.indexOf('\0') >= 0;
    }

    @Override
    public int getOrder() {
        // after the correlation id (the refusal carries it), before identity and every handler
        return Ordered.HIGHEST_PRECEDENCE + 15;
    }
}
