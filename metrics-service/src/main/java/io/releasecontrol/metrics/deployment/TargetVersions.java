package io.releasecontrol.metrics.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.deployment.DeployCancelled;
import io.releasecontrol.events.deployment.DeployFailed;
import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.deployment.DeploySucceeded;
import io.releasecontrol.events.deployment.DeploymentEvent;
import io.releasecontrol.events.deployment.TrafficShifted;
import java.util.ArrayList;
import java.util.List;

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
        if (event instanceof DeployStarted s && current(s.sequence())) {
            return new TargetVersions(s.previousVersion() == null ? stable : s.previousVersion(), s.version(),
                    s.deploymentId(), seq(s.sequence()));
        } else if (event instanceof TrafficShifted t && current(t.sequence())) {
            return shifted(t);
        } else if (event instanceof DeploySucceeded s && current(s.sequence())) {
            return new TargetVersions(s.version(), null, null, seq(s.sequence()));
        } else if (event instanceof DeployFailed f && current(f.sequence())) {
            return ended(f.deploymentId(), f.sequence());
        } else if (event instanceof DeployCancelled c && current(c.sequence())) {
            return ended(c.deploymentId(), c.sequence());
        }
        return this; // requested, approvals, progress, gates, maintenance, older deployments: no change
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
