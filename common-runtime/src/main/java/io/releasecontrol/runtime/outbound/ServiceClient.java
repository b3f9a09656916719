package io.releasecontrol.runtime.outbound;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.releasecontrol.runtime.identity.IdentityCodec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Calls from one service to another's HTTP API: each request signed with the calling service's own
 * identity (services answer only a verified one), the service's instances taken in turn, and every
 * call behind one Resilience4j circuit breaker and time limiter named after the called service (the
 * name its state has in metrics and health). Not auto-configured: a client builds one from its
 * properties; it needs Spring Cloud's Resilience4j circuit breaker on the classpath.
 */
public final class ServiceClient {

    private final List<WebClient> instances;
    private final AtomicInteger next = new AtomicInteger();
    private final ReactiveCircuitBreaker breaker;
    private final Duration timeout;
    private final Caller caller;

    /**
     * @param name    the called service, and its breaker's name
     * @param urls    where its instances answer; calls go to each in turn
     * @param timeout one call's limit (the time limiter)
     * @param answers failures that are the service's answer about the request, not an outage: the
     *                breaker counts them neither as failures nor as successes
     */
    @SafeVarargs
    public ServiceClient(ReactiveResilience4JCircuitBreakerFactory breakers, String name, List<URI> urls,
            Duration timeout, Caller caller, Class<? extends Throwable>... answers) {
        // open after half of 10 calls failed (5 at least), for 10 s
        breakers.configure(b -> b.timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(timeout).build())
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(10))
                        .ignoreExceptions(answers).build()), name);
        this.breaker = breakers.create(name);
        this.instances = urls.stream().map(u -> WebClient.builder().baseUrl(u.toString()).build()).toList();
        this.timeout = timeout;
        this.caller = caller;
    }

    /**
     * The calling service as the header names it. Without an {@link IdentityCodec} (no secret
     * configured) requests go unsigned, and the called service refuses them.
     */
    public record Caller(String subject, ObjectProvider<IdentityCodec> identity) {
    }

    /**
     * Builds {@code request} on the next instance's client (whose base URL is that instance's) when
     * subscribed, and runs it through the breaker; an outage, a timeout, an open breaker or an answer
     * go to {@code fallback}.
     */
    public <T> Mono<T> call(Function<WebClient, Mono<T>> request, Function<Throwable, Mono<T>> fallback) {
        return breaker.run(Mono.defer(() -> request.apply(
                instances.get(Math.floorMod(next.getAndIncrement(), instances.size())))), fallback);
    }

    /** Sets the header as the gateway would for a caller: this service with {@code role}, signed now. */
    public Consumer<HttpHeaders> signedAs(String role) {
        return headers -> {
            IdentityCodec codec = caller.identity().getIfAvailable();
            if (codec != null) {
                headers.set(IdentityCodec.HEADER, codec.sign(caller.subject(), List.of(role)));
            }
        };
    }

    /** An outage in a few words, for logs and answers (the exceptions' own messages name Reactor internals). */
    public String describe(Throwable e) {
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
