package io.releasecontrol.gateway.security;

import io.releasecontrol.gateway.observability.ProxySpans;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.web.CorrelationWebFilter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What a service learns of the caller: only the gateway's signed {@value IdentityCodec#HEADER}.
 * Any incoming identity header and the caller's credentials (API key, bearer token) are removed
 * from every proxied request; the correlation id and the gateway's trace context ({@link ProxySpans})
 * travel on.
 * <p>
 * Two steps: as a global filter it resolves the caller's signed header (the security context is
 * reactive) into an exchange attribute; as the gateway's request-side header filter it writes the
 * outgoing headers, in the one copy of them this filter makes per attempt (mutating the exchange's
 * request instead would copy them once more).
 */
@Component
class IdentityRelayFilter implements GlobalFilter, HttpHeadersFilter, Ordered {

    /** How long one signed header is reused for the same caller; the services accept it for 5 minutes. */
    private static final Duration REUSE = Duration.ofSeconds(30);
    static final String IDENTITY_ATTRIBUTE = IdentityRelayFilter.class.getName() + ".identity";
    /** Never forwarded as the caller sent them (lower case). */
    private static final List<String> REMOVED = List.of(IdentityCodec.HEADER.toLowerCase(Locale.ROOT),
            HttpHeaders.AUTHORIZATION.toLowerCase(Locale.ROOT), ApiKeyAuthenticationManager.HEADER.toLowerCase(Locale.ROOT));

    private final SignedIdentities identities;
    private final ProxySpans spans;

    IdentityRelayFilter(ObjectProvider<IdentityCodec> codec, ProxySpans spans) {
        IdentityCodec c = codec.getIfAvailable();
        if (c == null) {
            throw new IllegalStateException("the gateway signs the identity header the services trust: "
                    + "set RC_IDENTITY_SECRET (rc.identity.secret, at least 16 characters)");
        }
        this.identities = new SignedIdentities(c, REUSE, Clock.systemUTC());
        this.spans = spans;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(Authentication::isAuthenticated)
                // a public route's caller (the git webhook) is nobody: the service gets no identity
                .filter(a -> !(a instanceof AnonymousAuthenticationToken))
                .doOnNext(a -> exchange.getAttributes().put(IDENTITY_ATTRIBUTE, identities.header(a.getName(), List.copyOf(CallerRoles.of(a)))))
                .then(Mono.defer(() -> chain.filter(exchange)))
                .doFinally(signal -> spans.ended(exchange, signal));
    }

    /** The outgoing request's headers: the incoming ones without credentials, identity or trace copies, plus the gateway's. */
    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders outgoing = new HttpHeaders();
        for (Map.Entry<String, List<String>> header : input.headerSet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!REMOVED.contains(name) && !spans.replaces(name)) {
                outgoing.addAll(header.getKey(), header.getValue());
            }
        }
        String identity = exchange.getAttribute(IDENTITY_ATTRIBUTE);
        if (identity != null) {
            outgoing.set(IdentityCodec.HEADER, identity);
        }
        String correlationId = CorrelationWebFilter.correlationId(exchange);
        if (correlationId != null) {
            outgoing.set(CorrelationWebFilter.HEADER, correlationId);
        }
        spans.start(exchange, outgoing);
        return outgoing;
    }

    @Override
    public int getOrder() {
        // a global filter before the request is routed and sent; among the header filters the order is immaterial
        return 0;
    }
}
