package io.releasecontrol.runtime.identity;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Accepts the caller's identity only from a verified {@value IdentityCodec#HEADER} header. A
 * request with a header that does not verify (forged, tampered, expired, or no secret configured)
 * is refused with 401 {@code identity-rejected}; a request without one is refused with 401
 * {@code unauthenticated} unless its path is one of the configured anonymous paths
 * ({@link IdentityProperties#anonymousPaths()}: health and Prometheus by default). A service behind
 * the gateway in a flat network thus answers nobody the gateway has not authenticated. Handlers
 * read the identity with {@link #identity(ServerWebExchange)} and check its roles.
 */
public class TrustedIdentityWebFilter implements WebFilter, Ordered {

    static final String ATTRIBUTE = TrustedIdentity.class.getName();
    private static final Logger log = LoggerFactory.getLogger(TrustedIdentityWebFilter.class);

    private final IdentityCodec codec;
    private final List<PathPattern> anonymousPaths;

    /**
     * @param codec          null when no secret is configured: every identity header is then refused
     * @param anonymousPaths path patterns answered without an identity
     */
    public TrustedIdentityWebFilter(IdentityCodec codec, List<String> anonymousPaths) {
        this.codec = codec;
        this.anonymousPaths = anonymousPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    public static Optional<TrustedIdentity> identity(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String header = exchange.getRequest().getHeaders().getFirst(IdentityCodec.HEADER);
        if (header == null) {
            return isAnonymous(exchange.getRequest().getPath().pathWithinApplication()) ? chain.filter(exchange)
                    : Mono.error(new ProblemException(ProblemType.UNAUTHENTICATED, "this service answers only a caller"
                            + " with a verified identity (" + IdentityCodec.HEADER + ", signed by the gateway):"
                            + " call it through the gateway with an API key or a bearer token"));
        }
        try {
            if (codec == null) {
                throw new InvalidIdentityException("this service has no identity secret (RC_IDENTITY_SECRET) configured");
            }
            TrustedIdentity identity = codec.verify(header);
            exchange.getAttributes().put(ATTRIBUTE, identity);
            return chain.filter(exchange);
        } catch (InvalidIdentityException e) {
            log.warn("refused identity header from {} on {}: {}", exchange.getRequest().getRemoteAddress(),
                    exchange.getRequest().getPath(), e.getMessage());
            return Mono.error(new ProblemException(ProblemType.IDENTITY_REJECTED, e.getMessage()));
        }
    }

    /**
     * Matched on the decoded segments, as the handlers are, both as sent and with its dot segments
     * resolved: {@code /actuator/health/../../api/v1/deployments} matches {@code /actuator/health/**}
     * as sent, but names {@code /api/v1/deployments} to anything that resolves them.
     */
    private boolean isAnonymous(PathContainer path) {
        PathContainer resolved = withoutDotSegments(path);
        return anonymousPaths.stream().anyMatch(p -> p.matches(path) && p.matches(resolved));
    }

    /** The path with its '.' and '..' segments (also percent-encoded ones) resolved, RFC 3986 §5.2.4. */
    static PathContainer withoutDotSegments(PathContainer path) {
        Deque<String> segments = new ArrayDeque<>();
        for (PathContainer.Element element : path.elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                switch (segment.valueToMatch()) {
                    case "." -> { }
                    case ".." -> segments.pollLast();
                    default -> segments.addLast(segment.value());
                }
            }
        }
        return PathContainer.parsePath("/" + String.join("/", segments));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
