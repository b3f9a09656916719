package io.releasecontrol.version.environment;

import io.releasecontrol.events.version.CurrentVersionChanged;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.outbox.Outbox;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.version.VersionEvents;
import io.releasecontrol.version.application.Application;
import io.releasecontrol.version.application.ApplicationRepository;
import io.releasecontrol.version.semver.SemanticVersion;
import io.releasecontrol.version.web.Page;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Reads of a target and the admin's manual change of its current version. */
@Service
class EnvironmentService {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentService.class);
    private static final int HISTORY = 20;

    private final ApplicationRepository applications;
    private final RegisteredVersions versions;
    private final EnvironmentStateRepository states;
    private final UpgradeLogRepository upgrades;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    EnvironmentService(ApplicationRepository applications, RegisteredVersions versions, EnvironmentStateRepository states,
            UpgradeLogRepository upgrades, Outbox outbox, TransactionalOperator tx) {
        this.applications = applications;
        this.versions = versions;
        this.states = states;
        this.upgrades = upgrades;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** The application, or 404; and 404 when the environment is not one of its environments. */
    Mono<Application> target(String app, String env) {
        return applications.find(app)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("application '" + app + "' is not registered")))
                .flatMap(a -> a.environments().contains(env) ? Mono.just(a)
                        : Mono.error(ProblemException.notFound("'" + env + "' is not an environment of " + app
                                + " (environments: " + String.join(", ", a.environments()) + ")")));
    }

    Mono<EnvironmentView> view(String app, String env) {
        return target(app, env).then(Mono.zip(states.find(app, env), upgrades.goodVersionsNewestFirst(app, env).next()
                        .map(Optional::of).defaultIfEmpty(Optional.empty()),
                upgrades.latest(app, env, HISTORY), states.badVersions(app, env)))
                .map(t -> {
                    EnvironmentState s = t.getT1();
                    var previous = new LinkedHashSet<String>();
                    t.getT3().stream().filter(u -> !UpgradeEntry.FAILED.equals(u.status()))
                            .map(UpgradeEntry::version)
                            .filter(v -> !v.equals(s.currentVersion())).forEach(previous::add);
                    return new EnvironmentView(app, env, s.currentVersion(), s.currentSince(), s.currentDeploymentId(),
                            s.currentSequence(), t.getT2().orElse(null), s.observedVersion(), s.observedBy(),
                            s.observedAt(), s.drift(), List.copyOf(previous), t.getT4(), t.getT3());
                });
    }

    Mono<EnvironmentView> setCurrent(String app, String env, SetCurrentRequest body, TrustedIdentity who) {
        boolean force = Boolean.TRUE.equals(body.force());
        Mono<Void> change = target(app, env)
                .then(versions.isRegistered(app, body.version()))
                .flatMap(registered -> registered ? upgrades.everDeployed(app, env, body.version())
                        : Mono.error(ProblemException.notFound("version " + body.version() + " of " + app
                                + " is not registered")))
                .flatMap(deployed -> deployed || force ? states.lock(app, env)
                        : Mono.error(ProblemException.unprocessable("version " + body.version() + " was never deployed to "
                                + app + "/" + env + "; set \"force\": true to declare it current anyway")))
                .flatMap(state -> body.version().equals(state.currentVersion()) ? Mono.empty()
                        : declare(state, body, who, force));
        return tx.transactional(change).then(Mono.defer(() -> view(app, env)));
    }

    private Mono<Void> declare(EnvironmentState state, SetCurrentRequest body, TrustedIdentity who, boolean force) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String reason = body.reason() + (force ? " (forced)" : "");
        DriftCheck.Outcome drift = DriftCheck.apply(state.declared(body.version(), now), now);
        log.info("{}:{} current version from {} -> {} set by {}: {}", state.application(), state.environment(),
                state.currentVersion(), body.version(), who.subject(), reason);
        return upgrades.append(state.application(), state.environment(), state.currentVersion(), body.version(),
                        UpgradeEntry.SUCCESS, "manual", now, null, who.subject(), null, reason, null, null, null)
                .then(states.save(drift.state()))
                .then(outbox.append(VersionEvents.of(new CurrentVersionChanged(state.application(), state.environment(),
                        state.currentVersion(), body.version(), UpgradeEntry.SUCCESS, reason, who.subject(), null))))
                .then(Mono.justOrEmpty(drift.event()).flatMap(d -> outbox.append(VersionEvents.of(d))));
    }

    Mono<RollbackTarget> rollbackTarget(String app, String env, String requestedFrom) {
        return target(app, env).then(states.find(app, env)).flatMap(state -> {
            String from = requestedFrom != null ? requestedFrom : state.currentVersion();
            if (from == null) {
                return Mono.error(ProblemException.notFound("nothing runs in " + app + "/" + env + ": no rollback target"));
            }
            return upgrades.goodVersionsNewestFirst(app, env).filter(v -> !v.equals(from)).next()
                    .switchIfEmpty(Mono.error(() -> ProblemException.notFound("no good version of " + app + " in " + env
                            + " other than " + from + ": nothing to roll back to")))
                    .flatMap(target -> versions.rollbackFacts(app).map(facts -> {
                        if (!SemanticVersion.isValid(from) || !SemanticVersion.isValid(target)) {
                            return new RollbackTarget(app, env, from, target, false, false, true, List.of(),
                                    List.of("cannot order " + from + " and " + target + " by semver: approval needed"));
                        }
                        RollbackPath.Assessment a = RollbackPath.assess(from, target, facts);
                        return new RollbackTarget(app, env, from, target, a.crossesIrreversibleMigration(),
                                a.crossesBreakingChange(), a.requiresApproval(), a.crossedVersions(), a.reasons());
                    }));
        });
    }

    Mono<Page<UpgradeEntry>> upgrades(String app, String env, String status, int page,
            int size) {
        return applications.find(app)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("application '" + app + "' is not registered")))
                .then(Mono.zip(upgrades.count(app, env, status), upgrades.page(app, env, status, page, size).collectList()))
                .map(t -> new Page<>(new ArrayList<>(t.getT2()), page, size, t.getT1()));
    }
}
