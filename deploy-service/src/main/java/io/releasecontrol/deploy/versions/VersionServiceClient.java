package io.releasecontrol.deploy.versions;

import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.outbound.ServiceClient;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;

/**
 * The two calls deploy-service makes to version-service, behind one Resilience4j circuit breaker
 * and time limiter: reading a version (checklist checks; an outage is an answer, UNAVAILABLE, never
 * an error) and registering one (the git webhook; "exists already" counts as registered, so a
 * redelivered hook does not fail). deploy-service signs its own identity header, as the gateway would.
 */
@Component
public class VersionServiceClient {

    static final String BREAKER = "version-service";
    /** Who deploy-service is in version-service's upgrade log and registry. */
    static final String SUBJECT = "deploy-service";
    private static final Logger log = LoggerFactory.getLogger(VersionServiceClient.class);

    private final ServiceClient versionService;

    VersionServiceClient(ReactiveResilience4JCircuitBreakerFactory breakers, ObjectProvider<IdentityCodec> identity,
            VersionServiceProperties props) {
        // a refusal (ProblemException) is version-service's answer about the request, not an outage
        this.versionService = new ServiceClient(breakers, BREAKER, List.of(props.url()), props.timeout(),
                new ServiceClient.Caller(SUBJECT, identity), ProblemException.class);
    }

    /** What version-service knows about the version; never fails. */
    public Mono<VersionLookup> lookup(String application, String version) {
        return versionService.call(web -> web.get()
                .uri("/api/v1/applications/{app}/versions/{version}", application, version)
                .headers(versionService.signedAs(TrustedIdentity.VIEWER))
                .exchangeToMono(r -> r.statusCode().is2xxSuccessful()
                        ? r.bodyToMono(Answer.class).map(a -> VersionLookup.found(a.migrations()))
                        : r.statusCode().equals(HttpStatus.NOT_FOUND)
                                ? detail(r).map(VersionLookup::notFound)
                                : r.createError()),
                e -> {
                    log.info("version {} of {} not looked up: version-service unavailable ({})", version, application,
                            versionService.describe(e));
                    return Mono.just(VersionLookup.unavailable(versionService.describe(e)));
                });
    }

    /**
     * Registers the version. Emits true when it was created, false when it existed already; a refusal
     * (no such application, not a valid version) is a 422, an outage a 503, both naming version-service.
     */
    public Mono<Boolean> register(String application, Registration version) {
        return versionService.call(web -> web.post()
                .uri("/api/v1/applications/{app}/versions", application)
                .headers(versionService.signedAs(TrustedIdentity.DEPLOYER))
                .bodyValue(version)
                .exchangeToMono(r -> {
                    if (r.statusCode().equals(HttpStatus.CREATED)) {
                        return r.releaseBody().thenReturn(true);
                    }
                    if (r.statusCode().equals(HttpStatus.CONFLICT)) {
                        return r.releaseBody().thenReturn(false);
                    }
                    if (r.statusCode().is4xxClientError()) {
                        return detail(r).flatMap(d -> Mono.error(new ProblemException(ProblemType.UNPROCESSABLE,
                                "version-service refused to register " + application + " " + version.version()
                                        + ": " + d, Map.of("versionServiceStatus", r.statusCode().value()))));
                    }
                    return r.createError();
                }),
                e -> e instanceof ProblemException p ? Mono.error(p)
                        : Mono.error(new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "version-service could not"
                                + " register " + application + " " + version.version() + " ("
                                + versionService.describe(e) + "); nothing was deployed: redeliver the hook later")));
    }

    private static Mono<String> detail(ClientResponse r) {
        return r.bodyToMono(Problem.class).map(p -> p.detail() == null ? "status " + r.statusCode().value()
                : p.detail()).onErrorResume(e -> Mono.empty()).defaultIfEmpty("status " + r.statusCode().value());
    }

    /** The body of {@code POST /api/v1/applications/{app}/versions}, the fields a push knows. */
    public record Registration(String version, String name, String gitTag, String commit) {
    }

    record Answer(List<VersionLookup.Migration> migrations) {
    }

    record Problem(String detail) {
    }
}
