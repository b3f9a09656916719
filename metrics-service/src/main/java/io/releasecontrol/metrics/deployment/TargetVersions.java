package io.releasecontrol.metrics.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.deployment.DeployApprovalRequested;
import io.releasecontrol.events.deployment.DeployApproved;
import io.releasecontrol.events.deployment.DeployCancelled;
import io.releasecontrol.events.deployment.DeployFailed;
import io.releasecontrol.events.deployment.DeployProgressed;
import io.releasecontrol.events.deployment.DeployRejected;
import io.releasecontrol.events.deployment.DeployRequested;
import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.deployment.DeployStepAnalysed;
import io.releasecontrol.events.deployment.DeploySucceeded;
import io.releasecontrol.events.deployment.DeploymentEvent;
import io.releasecontrol.events.deployment.MaintenanceModeChanged;
import io.releasecontrol.events.deployment.TrafficShifted;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which versions of one target run, as its deployment events tell: the stable version, and while
 * a deployment runs (any strategy: a rolling one has both versions up too) the new one besides. A
 * success leaves the new version alone; a failure or cancellation the stable one. Pure: each event
 * gives the next state, the same event twice the same state, and an event of an older deployment
 * (lower {@code sequence}) changes nothing. Each version also has the router server it runs behind
 * ({@link #role}): a running canary's candidate the canary server, every other version the stable one.
 *
 * @param stable    the version that served before the running deployment, or since the last success; null: not known yet
 * @param candidate the running deployment's version; null when none runs
 * @param running   the running deployment
 * @param strategy  the running deployment's strategy; null when none runs, or when its start was missed: the
 *                  {@code TrafficShifted} that filled it in carries none, and its percent does not tell (a
 *                  rolling deployment's batches shift to 50 % too, not only a canary's steps)
 * @param sequence  the newest deployment seen (deploy-service numbers a target's deployments 1, 2, 3, ...); 0: none
 */
record TargetVersions(String stable, String candidate, DeploymentId running, Strategy strategy, long sequence) {

    static final TargetVersions NONE = new TargetVersions(null, null, null, null, 0);
    /** No version starts or stops running: a request, progress, approvals, gates and maintenance. */
    static final Set<Class<? extends DeploymentEvent>> IGNORED = Set.of(DeployRequested.class,
            DeployProgressed.class, DeployApprovalRequested.class, DeployApproved.class, DeployRejected.class,
            DeployStepAnalysed.class, MaintenanceModeChanged.class);

    /** The versions to measure, the stable one first. */
    List<String> versions() {
        List<String> out = new ArrayList<>(2);
        if (stable != null) {
            out.add(stable);
        }
        if (candidate != null && !candidate.equals(stable)) {
            out.add(candidate);
        }
        return out;
    }

    /**
     * The server {@code version} (one of {@link #versions()}) runs behind: canary for the candidate
     * of a running canary deployment, stable for any other, also once that canary succeeded. Empty
     * for the candidate of a deployment whose start was missed: guessing stable would have the
     * canary measured as the stable server, so a bad canary could pass on the stable's numbers.
     */
    Optional<ServerRole> role(String version) {
        if (running == null || !version.equals(candidate) || version.equals(stable)) {
            // a canary of the version already stable is measured as the stable version: one sample a version
            return Optional.of(ServerRole.STABLE);
        }
        return strategy == null ? Optional.empty()
                : Optional.of(strategy == Strategy.CANARY ? ServerRole.CANARY : ServerRole.STABLE);
    }

    /** Each version with its role, in {@link #versions()} order; a version whose role is not known is left out. */
    Map<String, ServerRole> roles() {
        Map<String, ServerRole> out = new LinkedHashMap<>(2);
        versions().forEach(v -> role(v).ifPresent(r -> out.put(v, r)));
        return out;
    }

    TargetVersions apply(DeploymentEvent event) {
        if (event instanceof DeployStarted s) {
            return current(s.sequence()) ? new TargetVersions(s.previousVersion() == null ? stable
                    : s.previousVersion(), s.version(), s.deploymentId(), s.strategy(), seq(s.sequence())) : this;
        } else if (event instanceof TrafficShifted t) {
            return current(t.sequence()) ? shifted(t) : this;
        } else if (event instanceof DeploySucceeded s) {
            return current(s.sequence()) ? new TargetVersions(s.version(), null, null, null, seq(s.sequence())) : this;
        } else if (event instanceof DeployFailed f) {
            return current(f.sequence()) ? ended(f.deploymentId(), f.sequence()) : this;
        } else if (event instanceof DeployCancelled c) {
            return current(c.sequence()) ? ended(c.deploymentId(), c.sequence()) : this;
        } else if (IGNORED.contains(event.getClass())) {
            return this;
        }
        throw new UnhandledSubtypeException(DeploymentEvent.class, event);
    }

    /**
     * While its deployment runs, a shift names both versions (filling in a missed start, whose
     * strategy stays unknown); after a blue-green deployment succeeded, a shift to 0 % switched back
     * to the old colour.
     */
    private TargetVersions shifted(TrafficShifted t) {
        if (running != null || t.sequence() == null || t.sequence() > sequence) {
            return new TargetVersions(t.stableVersion() == null ? stable : t.stableVersion(), t.newVersion(),
                    t.deploymentId(), Objects.equals(t.deploymentId(), running) ? strategy : null, seq(t.sequence()));
        }
        return t.newPercent() == 0 && t.stableVersion() != null
                ? new TargetVersions(t.stableVersion(), null, null, null, sequence) : this;
    }

    private TargetVersions ended(DeploymentId id, Long eventSequence) {
        // another deployment's end (one cancelled while it waited) leaves the running one running
        return running == null || running.equals(id)
                ? new TargetVersions(stable, null, null, null, seq(eventSequence)) : this;
    }

    /** Not of an older deployment than the newest seen (events before sequences existed always count). */
    private boolean current(Long eventSequence) {
        return eventSequence == null || eventSequence >= sequence;
    }

    private long seq(Long eventSequence) {
        return eventSequence == null ? sequence : Math.max(sequence, eventSequence);
    }
}
