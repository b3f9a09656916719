package io.releasecontrol.gateway.routing;

import java.time.Duration;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A route's timeout, placed right inside its circuit breaker (so a timeout counts as a failure and
 * the caller gets the 503 fallback), timed on the event loop that serves the request. Resilience4j's
 * time limiter does the same with {@code Mono.timeout(Duration)}, whose timer lives on Reactor's
 * parallel scheduler: every request then wakes a parallel thread to arm a timer, one more thread
 * switch per request. Off an event loop (never on the proxy path) it falls back to that.
 * Errors with {@link java.util.concurrent.TimeoutException}, as the time limiter did.
 */
final class EventLoopTimeoutFilter implements GatewayFilter {

    private final Duration timeout;
    private final ServerEventLoops loops;

    EventLoopTimeoutFilter(Duration timeout, ServerEventLoops loops) {
        this.timeout = timeout;
        this.loops = loops;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Scheduler timer = loops.schedulerOfCurrentThread();
        Mono<Void> call = chain.filter(exchange);
        return timer == null ? call.timeout(timeout) : call.timeout(Mono.delay(timeout, timer));
    }

    @Override
    public String toString() {
        return "EventLoopTimeout[" + timeout + "]";
    }
}
