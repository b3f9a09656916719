package io.releasecontrol.deploy.outbound;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.releasecontrol.runtime.problem.ProblemException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * What deploy-service's calls to the other services share: one circuit breaker and time limiter
 * per service (answers about the request, {@link ProblemException}s, are not outages), and an
 * outage said in a few words for logs and deployments (the exceptions' own messages are long and
 * name Reactor internals).
 */
public final class Outages {

    private Outages() {
    }

    /** The breaker of the service {@code name}: open after half of 10 calls failed, for 10 s. */
    public static ReactiveCircuitBreaker breaker(ReactiveResilience4JCircuitBreakerFactory breakers, String name,
            Duration timeout) {
        breakers.configure(b -> b.timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(timeout).build())
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(10))
                        .ignoreExceptions(ProblemException.class).build()), name);
        return breakers.create(name);
    }

    /** An outage in a few words. */
    public static String describe(Throwable e, Duration timeout) {
        if (e instanceof TimeoutException) {
            return "no answer within " + timeout;
        }
        if (e instanceof CallNotPermittedException) {
            return "circuit breaker open after repeated failures";
        }
        if (e instanceof WebClientResponseException r) {
            return "answered " + r.getStatusCode().value();
        }
        if (e instanceof WebClientRequestException r) {
            Throwable cause = r.getMostSpecificCause();
            return "not reachable at " + r.getUri().getScheme() + "://" + r.getUri().getAuthority() + ": "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        }
        return e.toString();
    }
}
