package io.releasecontrol.deploy.deployment;

import static io.releasecontrol.deploy.deployment.DeploymentStatus.CANCELLED;
import static io.releasecontrol.deploy.deployment.DeploymentStatus.FAILED;
import static io.releasecontrol.deploy.deployment.DeploymentStatus.PAUSED;
import static io.releasecontrol.deploy.deployment.DeploymentStatus.RUNNING;
import static io.releasecontrol.deploy.deployment.DeploymentStatus.SUCCEEDED;

import io.releasecontrol.deploy.strategy.BlueGreenPlanner;
import io.releasecontrol.deploy.strategy.Step;
import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.SagaId;
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
import io.releasecontrol.events.deployment.TrafficShifted;
import io.releasecontrol.runtime.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A deployment and its state machine. Every transition is a guarded method that returns the new
 * deployment with the events it causes; an illegal one throws {@link IllegalTransitionException}
 * (409) or, for an action the strategy does not have, a 422.
 */
public record Deployment(DeploymentSpec spec, DeploymentState state) {

    public static Transition request(DeploymentSpec spec) {
        var deployment = new Deployment(spec, DeploymentState.pending());
        var canarySteps = spec.canary() == null ? List.<Integer>of() : spec.canary().steps();
        return new Transition(deployment, List.of(new DeployRequested(deployment.deploymentId(), spec.application(), spec.environment(),
                spec.version(), spec.strategy(), spec.executor(), canarySteps, spec.requestedBy(),
                spec.rollbackOf() == null ? null : new DeploymentId(spec.rollbackOf()),
                spec.sagaId() == null ? null : new SagaId(spec.sagaId()), spec.sequence(),
                spec.options().scheduledAt(), spec.options().hotfix())));
    }

    public DeploymentStatus status() {
        return state.status();
    }

    public DeploymentId deploymentId() {
        return new DeploymentId(spec.id());
    }

    /** A new PENDING deployment that starts at {@code at}: the step says so. */
    Deployment scheduled(Instant at) {
        return new Deployment(spec, state.withStep("scheduled for " + at));
    }

    /** A new PENDING deployment that must be approved first: the step shows why it waits. */
    public Transition awaitApproval(ApprovalRequest r) {
        if (state.status() != DeploymentStatus.PENDING) {
            throw new IllegalTransitionException(spec.id(), state.status(), "wait for approval");
        }
        var next = new Deployment(spec, state.withStep("waiting for approval: " + r.reason()));
        return new Transition(next, List.of(new DeployApprovalRequested(deploymentId(), spec.application(),
                spec.environment(), spec.version(), spec.requestedBy(), r.approvalsRequired(), r.reason(),
                r.freezeWindow(), r.expiresAt(), spec.sequence())));
    }

    /**
     * A PENDING deployment shows what it waits for (its approvals, its pre-deployment checklist) or
     * that it is ready: the step changes, nothing else, so there is no event (the log line says who did what).
     */
    public Transition waitFor(String step) {
        if (state.status() != DeploymentStatus.PENDING) {
            throw new IllegalTransitionException(spec.id(), state.status(), "wait for '" + step + "'");
        }
        return new Transition(new Deployment(spec, state.withStep(step)), List.of());
    }

    /** One approval of a PENDING deployment ({@code approvals} of {@code required} so far). */
    public Transition approve(String by, String comment, int approvals, int required) {
        if (state.status() != DeploymentStatus.PENDING) {
            throw new IllegalTransitionException(spec.id(), state.status(), "approve");
        }
        String step = approvals >= required ? "approved by " + by + " (" + approvals + "/" + required + ")"
                : "waiting for approval: " + approvals + "/" + required + ", last by " + by;
        var next = new Deployment(spec, state.withStep(step));
        return new Transition(next, List.of(new DeployApproved(deploymentId(), spec.application(), spec.environment(),
                spec.version(), by, comment, approvals, required, spec.sequence())));
    }

    /** PENDING → CANCELLED by a rejection: {@code DeployRejected}, then {@code DeployCancelled}. */
    public Transition reject(String by, String comment, Instant at) {
        if (state.status() != DeploymentStatus.PENDING) {
            throw new IllegalTransitionException(spec.id(), state.status(), "reject");
        }
        Transition cancelled = cancel(by, "rejected by " + by + (comment == null ? "" : ": " + comment), at);
        List<io.releasecontrol.events.deployment.DeploymentEvent> events = new java.util.ArrayList<>();
        events.add(new DeployRejected(deploymentId(), spec.application(), spec.environment(), spec.version(), by,
                comment, spec.sequence()));
        events.addAll(cancelled.events());
        return new Transition(cancelled.deployment(), events);
    }

    /** PENDING → RUNNING: the executor takes it on. */
    public Transition start(String previousVersion, String newColour, Instant at) {
        guard(RUNNING, "start");
        var next = new Deployment(spec, state.started(previousVersion, newColour, at));
        return new Transition(next, List.of(new DeployStarted(deploymentId(), spec.application(), spec.environment(),
                spec.version(), previousVersion, spec.strategy(), at, spec.sequence())));
    }

    /**
     * RUNNING: a step is done; {@code nextStepIndex} is where a resumed runner continues. A step
     * that moves traffic ({@code trafficAfter}) also causes {@code TrafficShifted}, before the progress.
     */
    public Transition advance(int nextStepIndex, String step, int percent, Integer trafficAfter) {
        if (state.status() != RUNNING) {
            throw new IllegalTransitionException(spec.id(), state.status(), "progress to '" + step + "'");
        }
        List<io.releasecontrol.events.deployment.DeploymentEvent> events = new java.util.ArrayList<>();
        DeploymentState s = state;
        if (trafficAfter != null && trafficAfter != s.traffic().newPercent()) {
            s = s.withTraffic(Traffic.toNew(trafficAfter));
            events.add(trafficShifted(s.traffic(), step));
        }
        var next = new Deployment(spec, s.at(nextStepIndex, step, Math.max(state.progress(), percent)));
        events.add(progressed(next.state));
        return new Transition(next, events);
    }

    /**
     * Moves traffic to {@code target}. Allowed while active, and on the latest succeeded blue-green
     * deployment of a target: switching back to the kept old colour is its fast rollback.
     */
    public Transition shiftTraffic(Traffic target, String reason) {
        if (state.status() == SUCCEEDED && spec.strategy() == Strategy.BLUE_GREEN) {
            return switchBack(target, reason);
        }
        if (!state.status().isActive()) {
            throw new IllegalTransitionException(spec.id(), state.status(), "shift traffic");
        }
        // a canary shifted to 0 % is rolled back partially: it holds there until resumed or cancelled
        boolean partialRollback = spec.strategy() == Strategy.CANARY && target.newPercent() == 0
                && state.status() == RUNNING;
        DeploymentState s = state.withTraffic(target);
        if (partialRollback) {
            s = s.withStatus(PAUSED).withStep("partial rollback: canary at 0% (" + reason + ")");
        }
        var next = new Deployment(spec, s);
        return new Transition(next, partialRollback ? List.of(trafficShifted(target, reason), progressed(next.state))
                : List.of(trafficShifted(target, reason)));
    }

    /**
     * Whether a finished blue-green deployment's old colour is still there at {@code now}: it is kept
     * {@code keep} after the deployment ended. Other deployments keep no colour to go back to, so
     * the question does not limit them (their shift is refused by {@link #shiftTraffic}).
     */
    public boolean oldColourKept(Instant now, Duration keep) {
        return spec.strategy() != Strategy.BLUE_GREEN || state.completedAt() == null
                || !now.isAfter(state.completedAt().plus(keep));
    }

    /**
     * A succeeded blue-green deployment: all traffic back to the old colour (0 % on the new one), once.
     * It stays SUCCEEDED; its {@code TrafficShifted} to 0 % is what tells the other services it was
     * rolled back. Switching back again changes nothing (no event).
     */
    private Transition switchBack(Traffic target, String reason) {
        if (target.newPercent() != 0) {
            throw ProblemException.unprocessable("deployment " + spec.id() + " has finished: its traffic can only be"
                    + " switched back to the old colour (0 %), not moved to " + target.newPercent() + " %");
        }
        if (state.traffic().newPercent() == 0) {
            return new Transition(this, List.of());
        }
        String old = state.newColour() == null ? "the old colour"
                : BlueGreenPlanner.idleColour(state.newColour()) + " (" + state.previousVersion() + ")";
        var next = new Deployment(spec, state.withTraffic(target).withStep("switched back to " + old + ": " + reason));
        return new Transition(next, List.of(trafficShifted(target, reason)));
    }

    private TrafficShifted trafficShifted(Traffic target, String reason) {
        return new TrafficShifted(deploymentId(), spec.application(), spec.environment(), state.previousVersion(),
                spec.version(), target.stablePercent(), target.newPercent(), reason, spec.sequence());
    }

    /** RUNNING → PAUSED (canary only): holds the current weight until resumed or promoted. */
    public Transition pause(String by) {
        requireCanary("pause");
        guard(PAUSED, "pause");
        var next = new Deployment(spec, state.withStatus(PAUSED).withStep("paused by " + by + " at "
                + state.traffic().newPercent() + "%"));
        return new Transition(next, List.of(progressed(next.state)));
    }

    /** PAUSED → RUNNING. */
    public Transition resume(String by) {
        if (state.status() != PAUSED) {
            throw new IllegalTransitionException(spec.id(), state.status(), "resume (it is not paused)");
        }
        var next = new Deployment(spec, state.withStatus(RUNNING).withStep("resumed by " + by));
        return new Transition(next, List.of(progressed(next.state)));
    }

    /**
     * Canary: skip the remaining pauses and evidence gates and go on to 100 %; a paused canary runs
     * again. Past a gate the deployment waits at (any strategy's bake too) only with a {@code reason},
     * recorded in {@code DeployStepAnalysed} as an override.
     */
    public Transition promote(String by, String reason, Instant at) {
        boolean atGate = Step.isGate(state.currentStep());
        if (!atGate) {
            requireCanary("promote");
        }
        if (!state.status().isActive()) {
            throw new IllegalTransitionException(spec.id(), state.status(), "promote");
        }
        if (atGate && (reason == null || reason.isBlank())) {
            throw ProblemException.invalid("reason", "is required to promote past the evidence gate ("
                    + state.currentStep() + ")");
        }
        var promoted = state.withPromoted().withStep("promoted by " + by);
        var next = new Deployment(spec, promoted.status() == PAUSED ? promoted.withStatus(RUNNING) : promoted);
        if (!atGate) {
            return new Transition(next, List.of(progressed(next.state)));
        }
        String step = state.currentStep().split(": ", 2)[0];
        return new Transition(next, List.of(stepAnalysed(new StepAnalysis(step, StepAnalysis.OVERRIDDEN, reason, null,
                null, null, null, null, by), at), progressed(next.state)));
    }

    /** RUNNING at an evidence gate: shows what the step waits for. No event; the gate's verdict is one. */
    public Transition awaitEvidence(String waitingFor) {
        if (state.status() != RUNNING) {
            throw new IllegalTransitionException(spec.id(), state.status(), "wait for evidence");
        }
        return new Transition(new Deployment(spec, state.withStep(waitingFor)), List.of());
    }

    /** RUNNING: an evidence gate decided a step (passed, or failed before the deployment fails). */
    public Transition analysed(StepAnalysis analysis, Instant at) {
        if (state.status() != RUNNING) {
            throw new IllegalTransitionException(spec.id(), state.status(), "record the analysis of '"
                    + analysis.step() + "'");
        }
        return new Transition(this, List.of(stepAnalysed(analysis, at)));
    }

    /** RUNNING → PAUSED: the gate found too little evidence within the policy's wait; resume or promote goes on. */
    public Transition hold(StepAnalysis analysis, Instant at) {
        guard(PAUSED, "hold for evidence");
        var next = new Deployment(spec, state.withStatus(PAUSED).withStep(analysis.step() + ": held, "
                + analysis.reason()));
        return new Transition(next, List.of(stepAnalysed(analysis, at), progressed(next.state)));
    }

    private DeployStepAnalysed stepAnalysed(StepAnalysis a, Instant at) {
        return new DeployStepAnalysed(deploymentId(), spec.application(), spec.environment(), spec.version(), a.step(),
                state.traffic().newPercent(), a.verdict(), a.reason(), a.requests(), a.minRequests(), a.samples(),
                a.minSamples(), a.baseline(), a.decidedBy(), at, spec.sequence());
    }

    /** RUNNING → SUCCEEDED. */
    public Transition succeed(Instant at) {
        guard(SUCCEEDED, "succeed");
        var next = new Deployment(spec, state.finished(SUCCEEDED, "done", null, null, at));
        Duration took = state.startedAt() == null ? Duration.ZERO : Duration.between(state.startedAt(), at);
        return new Transition(next, List.of(new DeploySucceeded(deploymentId(), spec.application(),
                spec.environment(), spec.version(), state.previousVersion(),
                spec.rollbackOf() == null ? null : new DeploymentId(spec.rollbackOf()), at, took, spec.sequence())));
    }

    /** PENDING | RUNNING | PAUSED → FAILED at {@code step}, with the reason (and exit code of a script). */
    public Transition fail(String step, String reason, Integer exitCode, Instant at) {
        guard(FAILED, "fail");
        var next = new Deployment(spec, state.finished(FAILED, step, reason, exitCode, at));
        return new Transition(next, List.of(new DeployFailed(deploymentId(), spec.application(), spec.environment(),
                spec.version(), step, reason, at, spec.sequence())));
    }

    /** PENDING | RUNNING | PAUSED → CANCELLED. */
    public Transition cancel(String by, String reason, Instant at) {
        guard(CANCELLED, "cancel");
        var next = new Deployment(spec, state.finished(CANCELLED, state.currentStep(), reason, null, at));
        return new Transition(next, List.of(new DeployCancelled(deploymentId(), spec.application(),
                spec.environment(), spec.version(), by, reason, at, spec.sequence())));
    }

    private DeployProgressed progressed(DeploymentState s) {
        return new DeployProgressed(deploymentId(), spec.application(), spec.environment(), spec.version(),
                s.progress(), s.currentStep(), spec.sequence());
    }

    private void guard(DeploymentStatus target, String action) {
        if (!state.status().canMoveTo(target)) {
            throw new IllegalTransitionException(spec.id(), state.status(), action);
        }
    }

    private void requireCanary(String action) {
        if (spec.strategy() != Strategy.CANARY) {
            throw ProblemException.unprocessable("deployment " + spec.id() + " uses strategy "
                    + spec.strategy().wire() + ": only a canary can " + action);
        }
    }
}
