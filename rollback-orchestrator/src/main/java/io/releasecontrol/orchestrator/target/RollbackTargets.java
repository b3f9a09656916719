package io.releasecontrol.orchestrator.target;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.releasecontrol.orchestrator.OrchestratorProperties;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Where a rollback goes: version-service's rollback-target query (its answer weighs migrations and
 * breaking changes by semver), behind a Resilience4j circuit breaker and timeout; when it is down,
 * slow, or knows no good version, the {@link LastGoodCache} built from consumed events answers,
 * and the decision's reasons say so.
 */
@Component
public class RollbackTargets {

    static final String BREAKER = "version-service";
    private static final Logger log = LoggerFactory.getLogger(RollbackTargets.class);

    private final WebClient web = WebClient.builder().build();
    private final ReactiveCircuitBreaker breaker;
    private final LastGoodCache cache;
    private final ObjectProvider<IdentityCodec> identity;
    private final List<URI> urls;
    private final AtomicInteger next = new AtomicInteger();

    RollbackTargets(ReactiveResilience4JCircuitBreakerFactory breakers, LastGoodCache cache,
            ObjectProvider<IdentityCodec> identity, OrchestratorProperties props) {
        Duration timeout = props.versionService().timeout();
        breakers.configure(b -> b.timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(timeout).build())
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(10))
                        // "no good version" is an answer, not an outage
                        .ignoreExceptions(NoGoodVersion.class).build()), BREAKER);
        this.breaker = breakers.create(BREAKER);
        this.cache = cache;
        this.identity = identity;
        this.urls = props.versionService().url();
    }

    /**
     * Never fails: an unreachable version-service becomes a cache answer with its reason. The
     * caller applies {@link #excludingRolledBack} with what it knows of the environment.
     */
    public Mono<RollbackTarget> lookup(String application, String environment, String from) {
        return breaker.run(remote(application, environment, from), e -> {
            String why = e instanceof NoGoodVersion n ? n.getMessage() : "version-service unavailable (" + e + ")";
            log.info("rollback target of {}:{} from the local cache: {}", application, environment, why);
            return cache.target(application, environment, from, why);
        });
    }

    /**
     * The target, unless it names a version this service saw rolled back in the environment:
     * version-service may not have consumed that rollback yet, and such a version is never a target.
     */
    public Mono<RollbackTarget> excludingRolledBack(RollbackTarget t, String application, String environment,
            String from, Set<String> rolledBack) {
        return t.targetVersion() == null || !rolledBack.contains(t.targetVersion()) ? Mono.just(t)
                : cache.target(application, environment, from, t.source() + " named " + t.targetVersion()
                        + ", which was rolled back in " + environment + " and is never a rollback target");
    }

    private Mono<RollbackTarget> remote(String application, String environment, String from) {
        return Mono.defer(() -> {
            URI base = urls.get(Math.floorMod(next.getAndIncrement(), urls.size()));
            var uri = UriComponentsBuilder.fromUri(base)
                    .path("/api/v1/applications/{app}/environments/{env}/rollback-target");
            if (from != null) {
                uri.queryParam("from", "{from}");
            }
            var request = web.get().uri(from == null ? uri.build(application, environment)
                    : uri.build(application, environment, from));
            IdentityCodec codec = identity.getIfAvailable();
            if (codec != null) {
                // services trust only the gateway's signed header; the orchestrator signs its own as a viewer
                request = request.header(IdentityCodec.HEADER,
                        codec.sign("rollback-orchestrator", List.of(TrustedIdentity.VIEWER)));
            }
            return request.exchangeToMono(response -> {
                if (response.statusCode().equals(HttpStatus.NOT_FOUND)) {
                    return response.bodyToMono(Problem.class).defaultIfEmpty(new Problem(null))
                            .flatMap(p -> Mono.error(new NoGoodVersion("version-service: " + (p.detail() == null
                                    ? "no rollback target" : p.detail()))));
                }
                return response.statusCode().is2xxSuccessful() ? response.bodyToMono(Answer.class)
                        : response.createError();
            }).map(Answer::toTarget);
        });
    }

    /** version-service's RollbackTarget, the fields used here. */
    record Answer(String fromVersion, String targetVersion, boolean requiresApproval, List<String> crossedVersions,
            List<String> reasons) {
        RollbackTarget toTarget() {
            List<String> why = new ArrayList<>();
            why.add("last good version " + targetVersion + " from version-service");
            if (reasons != null) {
                why.addAll(reasons);
            }
            return new RollbackTarget(targetVersion, requiresApproval, why, BREAKER);
        }
    }

    record Problem(String detail) {
    }

    /** version-service answered that it knows no good version: the cache may still know one. */
    static final class NoGoodVersion extends RuntimeException {
        NoGoodVersion(String message) {
            super(message, null, false, false);
        }
    }
}
