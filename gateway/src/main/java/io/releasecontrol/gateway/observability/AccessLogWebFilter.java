package io.releasecontrol.gateway.observability;

import io.releasecontrol.runtime.web.CorrelationWebFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * One line per request on logger {@code io.releasecontrol.gateway.access}: caller, route, method,
 * path, status, duration (until the response headers leave; a streamed body may go on), correlation id
 * and trace id (taken from the exchange: the gateway runs without thread-local context propagation,
 * so the log pattern's MDC fields are empty here). Taken when the response commits, so refusals
 * rendered by the problem handler are logged too; written in batches by {@link AccessLogWriter}, so
 * the event loop neither formats nor writes it.
 */
@Component
public class AccessLogWebFilter implements WebFilter, Ordered {

    /** Set by the rate limiter once the caller is known. */
    public static final String CALLER_ATTRIBUTE = "rc.gateway.caller";
    /** The path as the caller sent it, before any forward (the circuit-breaker fallback reports it). */
    public static final String ORIGINAL_PATH_ATTRIBUTE = "rc.gateway.original-path";

    private final AccessLogWriter writer;

    public AccessLogWebFilter(AccessLogWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        String path = exchange.getRequest().getPath().value();
        exchange.getAttributes().put(ORIGINAL_PATH_ATTRIBUTE, path);
        var response = exchange.getResponse();
        response.beforeCommit(() -> {
            Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            Object caller = exchange.getAttribute(CALLER_ATTRIBUTE);
            var status = response.getStatusCode();
            String traceId = CorrelationWebFilter.traceId(exchange);
            writer.add(new AccessLogWriter.Line(caller == null ? "-" : caller, route == null ? "-" : route.getId(),
                    exchange.getRequest().getMethod(), path, status == null ? 200 : status.value(),
                    (System.nanoTime() - start) / 1_000_000, CorrelationWebFilter.correlationId(exchange),
                    traceId == null ? "-" : traceId));
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        // right after the correlation filter, so the line carries its id
        return Ordered.HIGHEST_PRECEDENCE + 15;
    }
}
