package io.releasecontrol.gateway.routing;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.releasecontrol.gateway.observability.AccessLogWebFilter;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where a route's circuit breaker forwards when its service cannot answer: refused connection,
 * timeout, open circuit, no instance. The caller gets 503 problem+json naming the service and why.
 */
@Hidden
@RestController
class ServiceUnavailableFallback {

    static final String PATH = "/internal/fallback/";
    private static final Logger log = LoggerFactory.getLogger(ServiceUnavailableFallback.class);

    @RequestMapping(PATH + "{service}")
    Mono<Void> unavailable(@PathVariable String service, ServerWebExchange exchange) {
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        String why = reason(cause);
        log.warn("{} unavailable for {} {}: {}", service, exchange.getRequest().getMethod(),
                originalPath(exchange), cause == null ? why : cause.toString());
        return Mono.error(new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                service + " is unavailable: " + why, Map.of("service", service)));
    }

    static String reason(Throwable cause) {
        Throwable t = cause;
        while (t != null) {
            if (t instanceof CallNotPermittedException) {
                return "circuit open after repeated failures, retry later";
            }
            if (t instanceof TimeoutException) {
                return "no answer within the timeout";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof org.springframework.cloud.gateway.support.NotFoundException) {
                return "no instance available";
            }
            t = t.getCause();
        }
        return cause == null ? "no answer" : "request failed (" + cause.getClass().getSimpleName() + ")";
    }

    private static String originalPath(ServerWebExchange exchange) {
        String path = exchange.getAttribute(AccessLogWebFilter.ORIGINAL_PATH_ATTRIBUTE);
        return path == null ? exchange.getRequest().getPath().value() : path;
    }
}
