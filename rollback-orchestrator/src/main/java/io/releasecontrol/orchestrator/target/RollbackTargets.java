package io.releasecontrol.orchestrator.target;

import io.releasecontrol.orchestrator.OrchestratorProperties;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.outbound.ServiceClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
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

    private final ServiceClient versionService;
    private final LastGoodCache cache;

    RollbackTargets(ReactiveResilience4JCircuitBreakerFactory breakers, LastGoodCache cache,
            ObjectProvider<IdentityCodec> identity, OrchestratorProperties props) {
        // "no good version" is an answer, not an outage
        this.versionService = new ServiceClient(breakers, BREAKER, props.versionService().url(),
                props.versionService().timeout(), new ServiceClient.Caller("rollback-orchestrator", identity),
                NoGoodVersion.class);
        this.cache = cache;
    }

    /**
     * Never fails: an unreachable version-service becomes a cache answer with its reason. The
     * caller applies {@link #excludingRolledBack} with what it knows of the environment.
     */
    public Mono<RollbackTarget> lookup(String application, String environment, String from) {
        return versionService.call(web -> remote(web, application, environment, from), e -> {
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

    // web: the client of the next version-service instance, its URL the base
    private Mono<RollbackTarget> remote(WebClient web, String application, String environment, String from) {
        var request = web.get().uri(uri -> {
            uri.path("/api/v1/applications/{app}/environments/{env}/rollback-target");
            if (from != null) {
                uri.queryParam("from", "{from}");
            }
            return from == null ? uri.build(application, environment) : uri.build(application, environment, from);
        });
        // services trust only the gateway's signed header; the orchestrator signs its own as a viewer
        return request.headers(versionService.signedAs(TrustedIdentity.VIEWER)).exchangeToMono(response -> {
            if (response.statusCode().equals(HttpStatus.NOT_FOUND)) {
                return response.bodyToMono(Problem.class).defaultIfEmpty(new Problem(null))
                        .flatMap(p -> Mono.error(new NoGoodVersion("version-service: " + (p.detail() == null
                                ? "no rollback target" : p.detail()))));
            }
            return response.statusCode().is2xxSuccessful() ? response.bodyToMono(Answer.class)
                    : response.createError();
        }).map(Answer::toTarget);
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
