package io.releasecontrol.orchestrator.saga;

import io.releasecontrol.events.SagaId;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.command.CancelDeployment;
import io.releasecontrol.events.command.DeployCommand;
import io.releasecontrol.events.command.SetMaintenanceMode;
import io.releasecontrol.events.command.ShiftTraffic;
import io.releasecontrol.events.command.StartDeployment;
import io.releasecontrol.events.saga.RollbackApprovalRequired;
import io.releasecontrol.events.saga.RollbackCompleted;
import io.releasecontrol.events.saga.RollbackFailed;
import io.releasecontrol.events.saga.RollbackSagaEvent;
import io.releasecontrol.events.saga.RollbackSagaStarted;
import io.releasecontrol.events.saga.RollbackStepCompleted;
import io.releasecontrol.orchestrator.decision.Branch;
import io.releasecontrol.orchestrator.decision.Decision;
import io.releasecontrol.orchestrator.saga.SagaInput.Abort;
import io.releasecontrol.orchestrator.saga.SagaInput.Approve;
import io.releasecontrol.orchestrator.saga.SagaInput.ConfirmRepair;
import io.releasecontrol.orchestrator.saga.SagaInput.DeploymentEnded;
import io.releasecontrol.orchestrator.saga.SagaInput.DeploymentRequested;
import io.releasecontrol.orchestrator.saga.SagaInput.MaintenanceChanged;
import io.releasecontrol.orchestrator.saga.SagaInput.Recovered;
import io.releasecontrol.orchestrator.saga.SagaInput.Timeout;
import io.releasecontrol.orchestrator.saga.SagaInput.TrafficMoved;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rollback saga as pure state transitions: (state, input) -> (next state, commands, events,
 * step records). No I/O and no clock of its own, so tests read as scripts: given these events,
 * expect these commands. Command request ids are {@code <sagaId>:<step>[:<attempt>]}, so
 * re-running a transition after a crash or a redelivery never produces a second command.
 */
public final class SagaMachine {

    /** requestedBy of the deployments the saga starts */
    public static final String REQUESTER = "rollback-orchestrator";

    private final Duration observation;
    private final Duration stepTimeout;
    private final int maxAttempts;

    /**
     * @param observation how long a partial rollback is watched for recovery (PT15M in production)
     * @param stepTimeout how long a command step waits for deploy-service's answer; attempt n waits n times this
     * @param maxAttempts tries of a command step before the saga fails and waits for a person
     */
    public SagaMachine(Duration observation, Duration stepTimeout, int maxAttempts) {
        this.observation = observation;
        this.stepTimeout = stepTimeout;
        this.maxAttempts = maxAttempts;
    }

    public static String requestId(SagaId id, Step step, int attempt) {
        return id + ":" + step.wireName() + (attempt > 1 ? ":" + attempt : "");
    }

    /** A new saga from a decision (ALERT_ONLY ends at once, recorded). */
    public Transition start(SagaId id, String application, String environment, String cause, Decision d,
            String requestedBy, Instant now) {
        Branch runs = d.branch() == Branch.WAIT_APPROVAL ? d.onApproval() : d.branch();
        SagaState s = SagaState.builder().id(id).application(application).environment(environment)
                .status(SagaStatus.RUNNING).cause(cause).branch(runs).decision(d).fromVersion(d.fromVersion())
                .targetVersion(d.targetVersion()).deploymentId(d.deploymentId())
                .deploymentActive(d.deploymentActive()).operator(requestedBy).createdAt(now).build();
        Out out = new Out();
        out.events.add(new RollbackSagaStarted(id, application, environment, cause, d.branch().name(),
                d.fromVersion(), d.targetVersion(), d.impactPercent() == null ? 0 : d.impactPercent(),
                d.reasonTexts()));
        return switch (d.branch()) {
            case ALERT_ONLY -> {
                String outcome = "alert only: " + d.reasons().get(d.reasons().size() - 1).text();
                out.events.add(new RollbackCompleted(id, application, environment, d.fromVersion(), d.targetVersion(),
                        Branch.ALERT_ONLY.name(), outcome, now));
                yield out.to(s.ended(SagaStatus.COMPLETED, outcome, null, now));
            }
            case WAIT_APPROVAL -> {
                out.steps.add(new StepRecord(Step.AWAIT_APPROVAL, 1, "RUNNING", now, null, null,
                        String.join("; ", d.reasonTexts())));
                out.events.add(new RollbackApprovalRequired(id, application, environment, d.fromVersion(),
                        d.targetVersion(), d.reasonTexts()));
                yield out.to(s.at(SagaStatus.WAITING_APPROVAL, Step.AWAIT_APPROVAL, 1, null));
            }
            default -> out.to(begin(s, runs, out, now));
        };
    }

    /**
     * A breach or report for a target whose saga runs: recorded on that saga (a step row), nothing
     * started and nothing sent, so one incident never runs two rollbacks.
     */
    public Transition join(SagaState s, String what, Instant now) {
        if (!s.status().active()) {
            throw new IllegalSagaTransitionException("saga " + s.id() + " is " + s.status() + ": nothing to join");
        }
        Out out = new Out();
        out.steps.add(new StepRecord(Step.JOINED_BREACH, 1, "RECORDED", now, now, null, what));
        return out.to(s);
    }

    /** The next transition for {@code input}; a fact that does not concern the current step changes nothing. */
    public Transition apply(SagaState s, SagaInput input) {
        Out out = new Out();
        if (!s.status().active()) {
            if (input instanceof Approve || input instanceof Abort || input instanceof ConfirmRepair) {
                throw new IllegalSagaTransitionException("saga " + s.id() + " is " + s.status() + ": nothing to "
                        + name(input));
            }
            return out.to(s);
        }
        Instant now = input.at();
        SagaState next;
        if (input instanceof DeploymentRequested r) {
            next = s.id().equals(r.sagaId()) && s.rollbackDeploymentId() == null
                    ? s.withRollbackDeployment(r.deploymentId()) : s;
        } else if (input instanceof TrafficMoved t) {
            next = shifted(s, t, out);
        } else if (input instanceof DeploymentEnded e) {
            next = ended(s, e, out);
        } else if (input instanceof MaintenanceChanged m) {
            next = maintenance(s, m, out);
        } else if (input instanceof Recovered r) {
            next = s.step() == Step.OBSERVE && r.version().equals(s.fromVersion())
                    ? recovered(done(s, out, "metrics recovered: " + r.detail(), now), out, now) : s;
        } else if (input instanceof Approve a) {
            next = approve(s, a, out);
        } else if (input instanceof Abort a) {
            String why = "aborted by " + a.by() + (a.reason() == null ? "" : ": " + a.reason());
            out.steps.add(new StepRecord(s.step(), s.attempt(), "ABORTED", null, now, null, why));
            out.events.add(new RollbackFailed(s.id(), s.application(), s.environment(), s.stepName(), why, now));
            next = s.withOperator(a.by()).ended(SagaStatus.ABORTED, null, why, now);
        } else if (input instanceof ConfirmRepair c) {
            if (s.step() != Step.AWAIT_REPAIR) {
                throw new IllegalSagaTransitionException("saga " + s.id() + " waits for no repair (step "
                        + s.stepName() + ", " + s.status() + ")");
            }
            next = command(done(s.withOperator(c.by()), out, "repair confirmed by " + c.by(), now),
                    Step.MAINTENANCE_OFF, 1, out, now);
        } else if (input instanceof Timeout) {
            next = timeout(s, out, now);
        } else {
            throw new UnhandledSubtypeException(SagaInput.class, input);
        }
        return out.to(next);
    }

    private SagaState begin(SagaState s, Branch branch, Out out, Instant now) {
        return switch (branch) {
            case PARTIAL_ROLLBACK -> command(s, Step.PARTIAL_ROLLBACK, 1, out, now);
            case FULL_ROLLBACK -> command(s, s.deploymentActive() ? Step.CANCEL_DEPLOYMENT
                    : s.decision().switchBack() ? Step.SWITCH_BACK : Step.FULL_ROLLBACK, 1, out, now);
            case MAINTENANCE -> command(s, Step.MAINTENANCE_ON, 1, out, now);
            default -> throw new IllegalStateException("branch " + branch + " has no steps");
        };
    }

    /** The breaching deployment at 0 %: a partial rollback is observed, a switch-back is the end. */
    private SagaState shifted(SagaState s, TrafficMoved t, Out out) {
        if (t.newPercent() != 0 || !Objects.equals(t.deploymentId(), s.deploymentId())) {
            return s;
        }
        Instant now = t.at();
        if (s.step() == Step.PARTIAL_ROLLBACK) {
            return observe(done(s, out, "canary of " + s.fromVersion() + " at 0 %", now), out, now);
        }
        if (s.step() == Step.SWITCH_BACK) {
            return complete(done(s, out, "deployment " + s.deploymentId() + " at 0 %: its old colour ("
                    + s.targetVersion() + ") takes all traffic", now), out, "rolled back from " + s.fromVersion()
                    + " to " + s.targetVersion() + " by switching traffic back to the old colour", now);
        }
        return s;
    }

    private SagaState observe(SagaState s, Out out, Instant now) {
        out.steps.add(new StepRecord(Step.OBSERVE, 1, "RUNNING", now, null, null,
                "watching " + s.application() + " in " + s.environment() + " for " + observation));
        return s.at(SagaStatus.OBSERVING, Step.OBSERVE, 1, now.plus(observation));
    }

    private SagaState recovered(SagaState s, Out out, Instant now) {
        if (s.deploymentActive()) {
            return command(s, Step.EXPAND_ROLLBACK, 1, out, now);
        }
        return complete(s, out, "recovered after the partial rollback; the canary had already ended", now);
    }

    private SagaState ended(SagaState s, DeploymentEnded e, Out out) {
        Instant now = e.at();
        boolean breaching = Objects.equals(e.deploymentId(), s.deploymentId());
        String what = "deployment " + e.deploymentId() + " " + e.status() + (e.reason() == null ? "" : " (" + e.reason() + ")");
        if (breaching && (s.step() == Step.CANCEL_DEPLOYMENT || s.step() == Step.EXPAND_ROLLBACK)) {
            SagaState d = done(s.withDeploymentEnded(), out, what, now);
            return s.step() == Step.EXPAND_ROLLBACK
                    ? complete(d, out, "recovered after the partial rollback: canary " + s.fromVersion()
                            + " cancelled, " + s.targetVersion() + " keeps all traffic", now)
                    : command(d, Step.FULL_ROLLBACK, 1, out, now);
        }
        boolean ours = e.deploymentId().equals(s.rollbackDeploymentId())
                || (s.deploymentId() != null && s.deploymentId().equals(e.rollbackOf()));
        if (ours && s.step() == Step.FULL_ROLLBACK) {
            if ("SUCCEEDED".equals(e.status())) {
                return complete(done(s, out, what, now), out, "rolled back from " + s.fromVersion() + " to "
                        + e.version(), now);
            }
            return retryOrFail(s.withRollbackDeployment(null), what, out, now);
        }
        return breaching ? s.withDeploymentEnded() : s;
    }

    private SagaState maintenance(SagaState s, MaintenanceChanged m, Out out) {
        if (s.step() == Step.MAINTENANCE_ON && m.enabled()) {
            SagaState d = done(s, out, "maintenance mode on", m.at());
            out.steps.add(new StepRecord(Step.AWAIT_REPAIR, 1, "RUNNING", m.at(), null, null,
                    "waiting for an operator to repair the data and POST confirm-repair"));
            return d.at(SagaStatus.WAITING_APPROVAL, Step.AWAIT_REPAIR, 1, null);
        }
        if (s.step() == Step.MAINTENANCE_OFF && !m.enabled()) {
            return complete(done(s, out, "maintenance mode off", m.at()), out,
                    "data repaired (confirmed by " + s.operator() + "), maintenance mode off", m.at());
        }
        return s;
    }

    private SagaState approve(SagaState s, Approve a, Out out) {
        if (s.step() != Step.AWAIT_APPROVAL) {
            throw new IllegalSagaTransitionException("saga " + s.id() + " waits for no approval (step " + s.stepName()
                    + ", " + s.status() + ")");
        }
        SagaState d = done(s.withOperator(a.by()), out, "approved by " + a.by(), a.at());
        return begin(d, s.branch(), out, a.at());
    }

    private SagaState timeout(SagaState s, Out out, Instant now) {
        if (s.deadline() == null || now.isBefore(s.deadline())) {
            return s;
        }
        if (s.step() == Step.OBSERVE) {
            SagaState d = done(s, out, "not recovered within " + observation + ": full rollback", now)
                    .withBranch(Branch.FULL_ROLLBACK);
            return command(d, d.deploymentActive() ? Step.CANCEL_DEPLOYMENT : Step.FULL_ROLLBACK, 1, out, now);
        }
        if (s.step() == Step.SWITCH_BACK) {
            // refused (the old colour is no longer kept) or not done in time: deploy the target instead
            String why = "no switch-back within " + stepTimeout + ": full rollback by a new deployment of "
                    + s.targetVersion() + " instead";
            out.steps.add(new StepRecord(s.step(), s.attempt(), "FAILED", null, now, null, why));
            out.events.add(new RollbackStepCompleted(s.id(), s.application(), s.environment(), s.stepName(), "failed",
                    why, now));
            return command(s, Step.FULL_ROLLBACK, 1, out, now);
        }
        return retryOrFail(s, "no answer from deploy-service within " + stepTimeout.multipliedBy(s.attempt()), out,
                now);
    }

    private SagaState retryOrFail(SagaState s, String why, Out out, Instant now) {
        out.steps.add(new StepRecord(s.step(), s.attempt(), "FAILED", null, now, null, why));
        out.events.add(new RollbackStepCompleted(s.id(), s.application(), s.environment(), s.stepName(), "failed", why,
                now));
        if (s.attempt() < maxAttempts) {
            return command(s, s.step(), s.attempt() + 1, out, now);
        }
        String reason = "step " + s.stepName() + " failed after " + s.attempt() + " attempts (" + why
                + "); the saga needs an operator";
        out.events.add(new RollbackFailed(s.id(), s.application(), s.environment(), s.stepName(), reason, now));
        return s.ended(SagaStatus.FAILED, null, reason, now);
    }

    /** Starts a command step: the step record, the command, the deadline (back-off: attempt n waits n timeouts). */
    private SagaState command(SagaState s, Step step, int attempt, Out out, Instant now) {
        DeployCommand c = commandFor(s, step, attempt);
        out.commands.add(c);
        out.steps.add(new StepRecord(step, attempt, "RUNNING", now, null,
                c.getClass().getSimpleName() + " " + c.requestId(), null));
        return s.at(SagaStatus.RUNNING, step, attempt, now.plus(stepTimeout.multipliedBy(attempt)));
    }

    private static DeployCommand commandFor(SagaState s, Step step, int attempt) {
        String rid = requestId(s.id(), step, attempt);
        String why = "rollback saga " + s.id();
        return switch (step) {
            case PARTIAL_ROLLBACK -> new ShiftTraffic(rid, s.deploymentId(), s.application(), s.environment(), 0,
                    why + ": partial rollback of " + s.fromVersion(), s.id());
            case SWITCH_BACK -> new ShiftTraffic(rid, s.deploymentId(), s.application(), s.environment(), 0,
                    why + ": switch back from " + s.fromVersion() + " to " + s.targetVersion() + " (blue-green)",
                    s.id());
            case CANCEL_DEPLOYMENT, EXPAND_ROLLBACK -> new CancelDeployment(rid, s.deploymentId(),
                    s.application(), s.environment(), why + ": " + step.wireName() + " of " + s.fromVersion(), s.id());
            case FULL_ROLLBACK -> new StartDeployment(rid, s.application(), s.environment(), s.targetVersion(),
                    Strategy.ROLLING, why + ": roll back " + s.fromVersion() + " to " + s.targetVersion(), REQUESTER,
                    s.deploymentId(), s.id());
            case MAINTENANCE_ON, MAINTENANCE_OFF -> new SetMaintenanceMode(rid, s.application(),
                    s.environment(), step == Step.MAINTENANCE_ON, why + ": data corruption in " + s.fromVersion(),
                    s.id());
            default -> throw new IllegalStateException("step " + step.wireName() + " sends no command");
        };
    }

    private static SagaState done(SagaState s, Out out, String detail, Instant now) {
        out.steps.add(new StepRecord(s.step(), s.attempt(), "SUCCEEDED", null, now, null, detail));
        out.events.add(new RollbackStepCompleted(s.id(), s.application(), s.environment(), s.stepName(), "succeeded",
                detail, now));
        return s;
    }

    private static SagaState complete(SagaState s, Out out, String outcome, Instant now) {
        out.events.add(new RollbackCompleted(s.id(), s.application(), s.environment(), s.fromVersion(),
                s.targetVersion(), s.decision().branch().name(), outcome, now));
        return s.ended(SagaStatus.COMPLETED, outcome, null, now);
    }

    private static String name(SagaInput input) {
        return input.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
    }

    /** Collects what one transition emits. */
    private static final class Out {
        final List<DeployCommand> commands = new ArrayList<>();
        final List<RollbackSagaEvent> events = new ArrayList<>();
        final List<StepRecord> steps = new ArrayList<>();

        Transition to(SagaState s) {
            return new Transition(s, commands, events, steps);
        }
    }
}
