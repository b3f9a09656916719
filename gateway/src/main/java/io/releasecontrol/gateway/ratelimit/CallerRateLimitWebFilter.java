package io.releasecontrol.gateway.ratelimit;

import io.releasecontrol.gateway.observability.AccessLogWebFilter;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.net.InetSocketAddress;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits each caller (API key name or JWT subject; the client address when anonymous) across the
 * whole API. Runs after authentication, so an unauthenticated flood is refused by security first.
 * Over the limit: 429 problem+json with {@code Retry-After}; otherwise {@code X-RateLimit-Remaining}.
 */
class CallerRateLimitWebFilter implements WebFilter, Ordered {

    private final TokenBuckets buckets;

    CallerRateLimitWebFilter(TokenBuckets buckets) {
        this.buckets = buckets;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(Authentication::isAuthenticated)
                // anonymous callers (the public git webhook) are told apart by address, not all "anonymousUser"
                .filter(a -> !(a instanceof AnonymousAuthenticationToken))
                .map(Authentication::getName)
                .switchIfEmpty(Mono.fromSupplier(() -> "ip:" + clientAddress(exchange)))
                .flatMap(caller -> {
                    exchange.getAttributes().put(AccessLogWebFilter.CALLER_ATTRIBUTE, caller);
                    return buckets.take(caller).flatMap(decision -> {
                        var headers = exchange.getResponse().getHeaders();
                        if (decision.allowed()) {
                            headers.set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
                            return chain.filter(exchange);
                        }
                        long seconds = decision.retryAfter().toSeconds();
                        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                        headers.set("X-RateLimit-Remaining", "0");
                        return Mono.error(new ProblemException(ProblemType.RATE_LIMITED,
                                "rate limit for " + caller + " exceeded; retry after " + seconds + " s",
                                Map.of("retryAfterSeconds", seconds)));
                    });
                });
    }

    private static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    @Override
    public int getOrder() {
        // after Spring Security's chain (-100), before routing
        return 0;
    }
}
