package io.releasecontrol.runtime.web;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request a correlation id (the caller's {@value #HEADER} if it is sane, a new one
 * otherwise), returns it on the response with the W3C {@code traceparent} of the request's
 * trace, and puts it in the Reactor context ({@value #CONTEXT_KEY}) for logs and events.
 */
public class CorrelationWebFilter implements WebFilter, Ordered {

    public static final String HEADER = "X-Correlation-Id";
    public static final String CONTEXT_KEY = "correlationId";
    public static final String ATTRIBUTE = CorrelationWebFilter.class.getName() + ".id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Tracer tracer;

    /** @param tracer null when tracing is off; then no traceparent header is added */
    public CorrelationWebFilter(Tracer tracer) {
        this.tracer = tracer;
    }

    public static String correlationId(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String incoming = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = incoming != null && SANE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        exchange.getAttributes().put(ATTRIBUTE, id);
        var headers = exchange.getResponse().getHeaders();
        headers.set(HEADER, id);
        return Mono.defer(() -> {
            Span span = span(exchange);
            if (span != null) {
                var ctx = span.context();
                headers.set("traceparent", "00-" + ctx.traceId() + "-" + ctx.spanId() + "-"
                        + (Boolean.TRUE.equals(ctx.sampled()) ? "01" : "00"));
            }
            return chain.filter(exchange);
        }).contextWrite(ctx -> ctx.put(CONTEXT_KEY, id));
    }

    /** The trace id of the request's server span, or null when tracing is off. */
    public static String traceId(ServerWebExchange exchange) {
        Span span = observedSpan(exchange);
        return span == null ? null : span.context().traceId();
    }

    private Span span(ServerWebExchange exchange) {
        Span span = observedSpan(exchange);
        // the thread-local view works only where Reactor restores thread locals (context-propagation auto)
        return span != null || tracer == null ? span : tracer.currentSpan();
    }

    /**
     * The span of the server observation WebFlux keeps in the exchange, or null when tracing is off:
     * found without thread-local context propagation, which a service may switch off on its hot path
     * (the gateway does).
     */
    public static Span observedSpan(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> context.<TracingObservationHandler.TracingContext>get(TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .orElse(null);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
