package io.releasecontrol.gateway.security;

import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.web.CorrelationWebFilter;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
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
 * before the request leaves; the correlation id travels on.
 */
@Component
class IdentityRelayFilter implements GlobalFilter, Ordered {

    /** How long one signed header is reused for the same caller; the services accept it for 5 minutes. */
    private static final java.time.Duration REUSE = java.time.Duration.ofSeconds(30);

    private final SignedIdentities identities;

    IdentityRelayFilter(org.springframework.beans.factory.ObjectProvider<IdentityCodec> codec) {
        IdentityCodec c = codec.getIfAvailable();
        this.identities = c == null ? null : new SignedIdentities(c, REUSE, java.time.Clock.systemUTC());
        if (c == null) {
            throw new IllegalStateException("the gateway signs the identity header the services trust: "
                    + "set RC_IDENTITY_SECRET (rc.identity.secret, at least 16 characters)");
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(Authentication::isAuthenticated)
                // a public route's caller (the git webhook) is nobody: the service gets no identity
                .filter(a -> !(a instanceof AnonymousAuthenticationToken))
                .map(a -> identities.header(a.getName(), List.copyOf(CallerRoles.of(a))))
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(identity -> chain.filter(exchange.mutate().request(r -> r.headers(h -> {
                    h.remove(IdentityCodec.HEADER);
                    h.remove(HttpHeaders.AUTHORIZATION);
                    h.remove(ApiKeyAuthenticationManager.HEADER);
                    identity.ifPresent(value -> h.set(IdentityCodec.HEADER, value));
                    String correlationId = CorrelationWebFilter.correlationId(exchange);
                    if (correlationId != null) {
                        h.set(CorrelationWebFilter.HEADER, correlationId);
                    }
                })).build()));
    }

    @Override
    public int getOrder() {
        // before the request is routed and sent
        return 0;
    }
}
