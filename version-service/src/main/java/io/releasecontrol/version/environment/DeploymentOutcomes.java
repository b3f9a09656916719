package io.releasecontrol.version.environment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.EventFormatException;
import io.releasecontrol.events.deployment.DeployCancelled;
import io.releasecontrol.events.deployment.DeployFailed;
import io.releasecontrol.events.deployment.DeployRequested;
import io.releasecontrol.events.deployment.DeploySucceeded;
import io.releasecontrol.events.deployment.TrafficShifted;
import io.releasecontrol.events.version.CurrentVersionChanged;
import io.releasecontrol.runtime.outbox.Outbox;
import io.releasecontrol.version.VersionEvents;
import io.releasecontrol.version.application.ApplicationProperties;
import io.releasecontrol.version.application.ApplicationRepository;
import io.releasecontrol.version.semver.SemanticVersion;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * What deployment events do to the registry. Every method runs inside the caller's transaction
 * (the idempotent consumer's), so the state change and the events it publishes commit together.
 * Ordering: the current version only moves to a deployment with a higher sequence than the one
 * that set it; an older outcome still goes into the upgrade log, it just never becomes current.
 */
@Service
class DeploymentOutcomes {

    private static final Logger log = LoggerFactory.getLogger(DeploymentOutcomes.class);

    private final EnvironmentStateRepository states;
    private final UpgradeLogRepository upgrades;
    private final ApplicationRepository applications;
    private final ApplicationProperties props;
    private final Outbox outbox;

    DeploymentOutcomes(EnvironmentStateRepository states, UpgradeLogRepository upgrades,
            ApplicationRepository applications, ApplicationProperties props, Outbox outbox) {
        this.states = states;
        this.upgrades = upgrades;
        this.applications = applications;
        this.props = props;
        this.outbox = outbox;
    }

    /** An outcome without a version cannot go into the log: dead-letter it at once (not retried), with the reason. */
    private static void requireVersion(String version, String deploymentId) {
        if (version == null || version.isBlank() || version.length() > SemanticVersion.MAX_LENGTH) {
            throw new EventFormatException("deployment " + deploymentId + " names no usable version ('" + version + "')");
        }
    }

    Mono<Void> requested(DeployRequested e) {
        return states.recordRequest(e.deploymentId().toString(), e.application(), e.environment(), e.version(),
                e.requestedBy(), e.rollbackOf() == null ? null : e.rollbackOf().toString(), e.sequence());
    }

    Mono<Void> cancelled(EventEnvelope<?> envelope, DeployCancelled e) {
        return states.cancelled(e.deploymentId().toString(), e.completedAt() != null ? e.completedAt() : envelope.time());
    }

    Mono<Void> succeeded(EventEnvelope<?> envelope, DeploySucceeded e) {
        requireVersion(e.version(), e.deploymentId().toString());
        String id = e.deploymentId().toString();
        String rollbackOf = e.rollbackOf() == null ? null : e.rollbackOf().toString();
        Instant at = e.completedAt() != null ? e.completedAt() : envelope.time();
        return applications.ensureTarget(e.application(), e.environment(), props.defaultEnvironments())
                .then(states.lock(e.application(), e.environment()))
                .zipWith(states.request(id))
                .flatMap(t -> {
                    EnvironmentState state = t.getT1();
                    String operator = t.getT2().requestedBy();
                    String from = e.previousVersion() != null ? e.previousVersion() : state.currentVersion();
                    return upgrades.append(e.application(), e.environment(), from, e.version(), UpgradeEntry.SUCCESS,
                                    rollbackOf == null ? "deployment" : "rollback", at, e.duration(), operator, null,
                                    rollbackOf == null ? null : "rollback of deployment " + rollbackOf, id, e.sequence(),
                                    rollbackOf)
                            .flatMap(recorded -> {
                                if (!recorded) {
                                    log.info("outcome of deployment {} on {}:{} is recorded already; ignoring the repeat", id,
                                            e.application(), e.environment());
                                    return Mono.empty();
                                }
                                Mono<Void> rollback = rollbackOf == null ? Mono.empty()
                                        : rolledBack(e, rollbackOf, at);
                                return rollback.then(alreadyRolledBack(e))
                                        .then(moveCurrent(envelope, e, state, operator, at));
                            });
                });
    }

    /**
     * A success delivered after the success of the rollback that replaced it (out of order): it is
     * rolled_back from the start. The version was marked bad when the rollback was applied.
     */
    private Mono<Void> alreadyRolledBack(DeploySucceeded e) {
        return upgrades.rollbackOf(e.deploymentId().toString())
                .flatMap(rollback -> upgrades.byDeployment(e.deploymentId().toString())
                        .flatMap(self -> upgrades.markRolledBack(self.id(), rollback.at(), rollback.deploymentId())))
                .then();
    }

    /** The deployment that the rollback replaced is rolled_back, and its version is bad in that environment. */
    private Mono<Void> rolledBack(DeploySucceeded e, String rollbackOf, Instant at) {
        return upgrades.byDeployment(rollbackOf)
                .flatMap(original -> upgrades.markRolledBack(original.id(), at, e.deploymentId().toString())
                        .thenReturn(original.version()))
                // a canary cancelled part-way never succeeded: it enters the log as rolled_back now
                .switchIfEmpty(Mono.defer(() -> neverFinished(e, rollbackOf, at)))
                .switchIfEmpty(Mono.justOrEmpty(e.previousVersion()))
                .filter(replaced -> !replaced.equals(e.version()))
                .flatMap(replaced -> {
                    log.info("{}:{} rolled back from {} -> {}; {} is marked bad there", e.application(), e.environment(),
                            replaced, e.version(), replaced);
                    return states.markBad(e.application(), e.environment(), replaced,
                            "rolled back by deployment " + e.deploymentId() + " to " + e.version());
                });
    }

    private Mono<String> neverFinished(DeploySucceeded e, String rollbackOf, Instant at) {
        return states.unfinished(rollbackOf)
                .filter(u -> !u.version().equals(e.version()))
                // it ended (was cancelled) before its rollback completed; the log lists it below the rollback
                .flatMap(u -> upgrades.append(e.application(), e.environment(), e.version(), u.version(),
                                UpgradeEntry.ROLLED_BACK, "deployment", u.cancelledAt() != null && u.cancelledAt().isBefore(at)
                                        ? u.cancelledAt() : at.minusMillis(1), null, u.requestedBy(), null,
                                "rolled back before it finished by deployment " + e.deploymentId(), rollbackOf, null, null)
                        .then(upgrades.byDeployment(rollbackOf))
                        .flatMap(entry -> upgrades.markRolledBackBy(entry.id(), at, e.deploymentId().toString()))
                        .thenReturn(u.version()));
    }

    private Mono<Void> moveCurrent(EventEnvelope<?> envelope, DeploySucceeded e, EnvironmentState state, String operator,
            Instant at) {
        if (state.isOlderThanCurrent(e.sequence(), at)) {
            log.info("{}:{} deployment {} (sequence {}) is older than the one that set {} (sequence {}); current stays",
                    e.application(), e.environment(), e.deploymentId(), e.sequence(), state.currentVersion(),
                    state.currentSequence());
            return Mono.empty();
        }
        boolean rollback = e.rollbackOf() != null;
        return moveCurrent(envelope, state, e.version(), e.sequence(), e.deploymentId(),
                rollback ? UpgradeEntry.ROLLED_BACK : UpgradeEntry.SUCCESS,
                rollback ? "rollback of deployment " + e.rollbackOf() + " succeeded" : "deployment succeeded",
                operator, at);
    }

    /** {@code version} is current now (set by {@code deploymentId}); CurrentVersionChanged when it changed. */
    private Mono<Void> moveCurrent(EventEnvelope<?> envelope, EnvironmentState state, String version, Long sequence,
            DeploymentId deploymentId, String status, String reason, String operator, Instant at) {
        EnvironmentState next = state.deployed(version, sequence, deploymentId.toString(), at);
        DriftCheck.Outcome drift = DriftCheck.apply(next, Instant.now());
        Mono<Void> changed = Mono.empty();
        if (!version.equals(state.currentVersion())) {
            log.info("{}:{} current version from {} -> {} (deployment {}, sequence {})", state.application(),
                    state.environment(), state.currentVersion(), version, deploymentId, sequence);
            changed = outbox.append(VersionEvents.causedBy(envelope, new CurrentVersionChanged(state.application(),
                    state.environment(), state.currentVersion(), version, status, reason,
                    operator != null ? operator : "deploy-service", deploymentId)));
        }
        return states.save(drift.state()).then(changed)
                .then(Mono.justOrEmpty(drift.event()).flatMap(d -> outbox.append(VersionEvents.causedBy(envelope, d))));
    }

    /**
     * A succeeded blue-green deployment switched back to its old colour ({@code TrafficShifted} to
     * 0 % after its success): the switch-back is its rollback. Its entry turns rolled_back and its
     * version bad there, a rollback entry records the switch-back, and the old colour's version is
     * current again (unless a newer deployment set the current one). A shift of a deployment that
     * has not succeeded (a canary's partial rollback) changes nothing here.
     */
    Mono<Void> switchedBack(EventEnvelope<?> envelope, TrafficShifted e) {
        String id = e.deploymentId().toString();
        Instant at = envelope.time() != null ? envelope.time() : Instant.now();
        String restored = e.stableVersion();
        return upgrades.byDeployment(id)
                .filter(entry -> e.newPercent() == 0 && restored != null && UpgradeEntry.SUCCESS.equals(entry.status())
                        && !restored.equals(entry.version()))
                .flatMap(entry -> states.lock(e.application(), e.environment()).flatMap(state -> {
                    String why = "switch-back of blue-green deployment " + id + " to " + restored
                            + (e.reason() == null ? "" : ": " + e.reason());
                    log.info("{}:{} rolled back from {} -> {} by switching deployment {} back; {} is marked bad there",
                            e.application(), e.environment(), entry.version(), restored, id, entry.version());
                    Mono<Void> current = id.equals(state.currentDeploymentId())
                            ? moveCurrent(envelope, state, restored, e.sequence(), e.deploymentId(),
                                    UpgradeEntry.ROLLED_BACK, why, "deploy-service", at)
                            : Mono.empty();
                    return upgrades.markRolledBack(entry.id(), at, id)
                            .then(upgrades.append(e.application(), e.environment(), entry.version(), restored,
                                    UpgradeEntry.SUCCESS, "rollback", at, null, "deploy-service", null, why, null,
                                    e.sequence(), id))
                            .then(states.markBad(e.application(), e.environment(), entry.version(),
                                    "rolled back by " + why))
                            .then(current);
                }));
    }

    Mono<Void> failed(EventEnvelope<?> envelope, DeployFailed e) {
        requireVersion(e.version(), e.deploymentId().toString());
        String id = e.deploymentId().toString();
        Instant at = e.completedAt() != null ? e.completedAt() : envelope.time();
        String error = (e.failedStep() == null ? "" : "step " + e.failedStep() + ": ")
                + (e.reason() == null ? "failed" : e.reason());
        return applications.ensureTarget(e.application(), e.environment(), props.defaultEnvironments())
                .then(states.lock(e.application(), e.environment()))
                .zipWith(states.request(id))
                .flatMap(t -> upgrades.append(e.application(), e.environment(), t.getT1().currentVersion(), e.version(),
                        UpgradeEntry.FAILED, t.getT2().rollbackOf() == null ? "deployment" : "rollback", at, null,
                        t.getT2().requestedBy(), error, null, id, e.sequence(), t.getT2().rollbackOf()))
                .doOnNext(recorded -> {
                    if (recorded) {
                        log.info("{}:{} deployment {} of {} failed: {}", e.application(), e.environment(), id, e.version(),
                                error);
                    }
                })
                .then();
    }
}
