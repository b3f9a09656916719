package io.releasecontrol.metrics.deployment;

import io.releasecontrol.events.DeploymentId;
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
import java.util.List;
import java.util.Set;

/**
 * Which versions of one target run, as its deployment events tell: the stable version, and while
 * a deployment runs (any strategy: a rolling one has both versions up too) the new one besides. A
 * success leaves the new version alone; a failure or cancellation the stable one. Pure: each event
 * gives the next state, the same event twice the same state, and an event of an older deployment
 * (lower {@code sequence}) changes nothing.
 *
 * @param stable    the version that served before the running deployment, or since the last success; null: not known yet
 * @param candidate the running deployment's version; null when none runs
 * @param running   the running deployment
 * @param sequence  the newest deployment seen (deploy-service numbers a target's deployments 1, 2, 3, ...); 0: none
 */
record TargetVersions(String stable, String candidate, DeploymentId running, long sequence) {

    static final TargetVersions NONE = new TargetVersions(null, null, null, 0);
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

    TargetVersions apply(DeploymentEvent event) {
        if (event instanceof DeployStarted s) {
            return current(s.sequence()) ? new TargetVersions(s.previousVersion() == null ? stable
                    : s.previousVersion(), s.version(), s.deploymentId(), seq(s.sequence())) : this;
        } else if (event instanceof TrafficShifted t) {
            return current(t.sequence()) ? shifted(t) : this;
        } else if (event instanceof DeploySucceeded s) {
            return current(s.sequence()) ? new TargetVersions(s.version(), null, null, seq(s.sequence())) : this;
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
     * While its deployment runs, a shift names both versions (filling in a missed start); after a
     * blue-green deployment succeeded, a shift to 0 % switched back to the old colour.
     */
    private TargetVersions shifted(TrafficShifted t) {
        if (running != null || t.sequence() == null || t.sequence() > sequence) {
            return new TargetVersions(t.stableVersion() == null ? stable : t.stableVersion(), t.newVersion(),
                    t.deploymentId(), seq(t.sequence()));
        }
        return t.newPercent() == 0 && t.stableVersion() != null
                ? new TargetVersions(t.stableVersion(), null, null, sequence) : this;
    }

    private TargetVersions ended(DeploymentId id, Long eventSequence) {
        // another deployment's end (one cancelled while it waited) leaves the running one running
        return running == null || running.equals(id) ? new TargetVersions(stable, null, null, seq(eventSequence))
                : this;
    }

    /** Not of an older deployment than the newest seen (events before sequences existed always count). */
    private boolean current(Long eventSequence) {
        return eventSequence == null || eventSequence >= sequence;
    }

    private long seq(Long eventSequence) {
        return eventSequence == null ? sequence : Math.max(sequence, eventSequence);
    }
}
