package io.releasecontrol.runtime.identity;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Accepts the caller's identity only from a verified {@value IdentityCodec#HEADER} header. A
 * request with a header that does not verify (forged, tampered, expired, or no secret configured)
 * is refused with 401 problem+json; a request without one is anonymous. Handlers read the
 * identity with {@link #identity(ServerWebExchange)}.
 */
public class TrustedIdentityWebFilter implements WebFilter, Ordered {

    static final String ATTRIBUTE = TrustedIdentity.class.getName();
    private static final Logger log = LoggerFactory.getLogger(TrustedIdentityWebFilter.class);

    private final IdentityCodec codec;

    /** @param codec null when no secret is configured: every identity header is then refused */
    public TrustedIdentityWebFilter(IdentityCodec codec) {
        this.codec = codec;
    }

    public static Optional<TrustedIdentity> identity(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String header = exchange.getRequest().getHeaders().getFirst(IdentityCodec.HEADER);
        if (header == null) {
            return chain.filter(exchange);
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

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
