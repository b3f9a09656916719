package io.releasecontrol.orchestrator.decision;

import io.releasecontrol.events.Strategy;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.AlertAction;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.AlreadyRuns;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.AlreadySwitchedBack;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.BreachingIsTheTarget;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.NoDeployment;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.NoLastGoodVersion;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.NotRecentlyDeployed;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.OutsideCorrelationWindow;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.RollbackOfARollback;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.SkipRollback;
import io.releasecontrol.orchestrator.decision.RollbackReason.ApprovalByPolicy;
import io.releasecontrol.orchestrator.decision.RollbackReason.FullRollbackNow;
import io.releasecontrol.orchestrator.decision.RollbackReason.FullRollbackWithoutCanary;
import io.releasecontrol.orchestrator.decision.RollbackReason.ImpactFromEvidence;
import io.releasecontrol.orchestrator.decision.RollbackReason.ImpactFromWeight;
import io.releasecontrol.orchestrator.decision.RollbackReason.MaintenanceUntilRepaired;
import io.releasecontrol.orchestrator.decision.RollbackReason.OldColourIsNotTheTarget;
import io.releasecontrol.orchestrator.decision.RollbackReason.OldColourNoLongerKept;
import io.releasecontrol.orchestrator.decision.RollbackReason.PartialRollback;
import io.releasecontrol.orchestrator.decision.RollbackReason.SwitchBack;
import io.releasecontrol.orchestrator.decision.TriggerReason.Breached;
import io.releasecontrol.orchestrator.decision.TriggerReason.CorruptionReported;
import io.releasecontrol.orchestrator.decision.TriggerReason.DryRun;
import io.releasecontrol.orchestrator.decision.TriggerReason.ManualRequest;
import io.releasecontrol.orchestrator.deployment.DeploymentState;
import io.releasecontrol.orchestrator.target.RollbackTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The runbook's decision tree as a pure function: input records in, a decision record with its
 * reasons out. No I/O; the saga around it fetches the inputs and acts on the output.
 */
public final class RollbackDecider {

    private RollbackDecider() {
    }

    /**
     * @param latest the target's latest deployment, or null when none is known
     * @param target where a rollback would go, or null when nobody could say
     */
    public static Decision decide(Trigger trigger, DeploymentState latest, RollbackTarget target, Policy policy,
            Instant now) {
        if (trigger.dryRun()) {
            return dryRun(trigger, latest);
        }
        return switch (trigger.cause()) {
            case Trigger.CORRUPTION -> corruption(trigger, latest);
            case Trigger.MANUAL -> manual(trigger, latest, target, policy, now);
            default -> breach(trigger, latest, target, policy, now);
        };
    }

    private static Decision corruption(Trigger t, DeploymentState latest) {
        List<Reason> reasons = List.of(new CorruptionReported(t.requestedBy(), t.version(), t.description()),
                new MaintenanceUntilRepaired());
        return new Builder(t, latest).reasons(reasons).build(Branch.MAINTENANCE, null, null, null);
    }

    /** A dry-run rule's breach is only recorded, whatever the deployment, target or policy would say. */
    private static Decision dryRun(Trigger t, DeploymentState latest) {
        List<Reason> reasons = List.of(Breached.of(t), new DryRun(t.rule(), t.dryRunAction()));
        return new Builder(t, latest).reasons(reasons).build(Branch.DRY_RUN, null, null, null);
    }

    private static Decision manual(Trigger t, DeploymentState latest, RollbackTarget target, Policy policy,
            Instant now) {
        List<Reason> reasons = new ArrayList<>();
        reasons.add(new ManualRequest(t.requestedBy(), t.description()));
        String to = t.requestedVersion() != null ? t.requestedVersion() : target == null ? null : target.targetVersion();
        Builder b = new Builder(t, latest).reasons(reasons);
        if (to == null) {
            return alertOnly(b, NoLastGoodVersion.of(target), null);
        }
        if (latest != null && to.equals(latest.version()) && !latest.active()) {
            return alertOnly(b, new AlreadyRuns(to, t.environment()), to);
        }
        b.switchBack(switchBack(latest, to, policy, now, reasons));
        return approvals(b, reasons, Branch.FULL_ROLLBACK, to, target, policy, null);
    }

    private static Decision breach(Trigger t, DeploymentState latest, RollbackTarget target, Policy policy,
            Instant now) {
        List<Reason> reasons = new ArrayList<>();
        reasons.add(Breached.of(t));
        Builder b = new Builder(t, latest).reasons(reasons);
        String to = target == null ? null : target.targetVersion();
        if (!"rollback".equals(t.action())) {
            return alertOnly(b, new AlertAction(t.rule(), t.action()), to);
        }
        if (policy.skipRollback()) {
            return alertOnly(b, new SkipRollback(t.application()), to);
        }
        if (latest == null) {
            return alertOnly(b, new NoDeployment(t.application(), t.environment()), to);
        }
        if (!latest.active() && latest.finishedAt().isBefore(now.minus(policy.correlationWindow()))) {
            return alertOnly(b, new OutsideCorrelationWindow(latest.version(), latest.finishedAt(),
                    Duration.between(latest.finishedAt(), now).withNanos(0), policy.correlationWindow()), to);
        }
        if (t.version().equals(to)) {
            return alertOnly(b, new BreachingIsTheTarget(t.version()), to);
        }
        if (!t.version().equals(latest.version())) {
            return alertOnly(b, new NotRecentlyDeployed(t.version(), latest.version()), to);
        }
        if (latest.rollbackOf() != null) {
            return alertOnly(b, new RollbackOfARollback(t.version(), latest.deploymentId()), to);
        }
        if (switchedBack(latest)) {
            return alertOnly(b, new AlreadySwitchedBack(latest.deploymentId(), latest.version()), to);
        }
        if (to == null) {
            return alertOnly(b, NoLastGoodVersion.of(target), null);
        }
        double impact = impact(t, latest, reasons);
        Branch branch;
        if (impact < policy.impactThresholdPercent()) {
            if (latest.active() && latest.strategy() == Strategy.CANARY) {
                reasons.add(new PartialRollback(impact, policy.impactThresholdPercent()));
                branch = Branch.PARTIAL_ROLLBACK;
            } else {
                reasons.add(new FullRollbackWithoutCanary(impact, policy.impactThresholdPercent(), latest.strategy(),
                        latest.version(), latest.active()));
                branch = Branch.FULL_ROLLBACK;
            }
        } else {
            reasons.add(new FullRollbackNow(impact, policy.impactThresholdPercent()));
            branch = Branch.FULL_ROLLBACK;
        }
        b.switchBack(branch == Branch.FULL_ROLLBACK && switchBack(latest, to, policy, now, reasons));
        return approvals(b, reasons, branch, to, target, policy, impact);
    }

    /** The decision ends in an alert: {@code why} is its last reason, the one the alert-only outcome quotes. */
    private static Decision alertOnly(Builder b, AlertOnlyReason why, String to) {
        b.reasons.add(why);
        return b.build(Branch.ALERT_ONLY, null, to, null);
    }

    /**
     * Whether a full rollback to {@code to} can switch traffic back to the old colour of a finished
     * blue-green deployment: it succeeded, still takes the traffic, its old colour runs {@code to}
     * and is still kept (finished within the switch-back window). Says why in either case.
     */
    static boolean switchBack(DeploymentState latest, String to, Policy policy, Instant now, List<Reason> reasons) {
        if (latest == null || latest.active() || latest.strategy() != Strategy.BLUE_GREEN
                || !"SUCCEEDED".equals(latest.status()) || latest.finishedAt() == null) {
            return false;
        }
        if (!to.equals(latest.previousVersion())) {
            reasons.add(new OldColourIsNotTheTarget(latest.deploymentId(), latest.version(), latest.previousVersion(),
                    to));
            return false;
        }
        Duration since = Duration.between(latest.finishedAt(), now).withNanos(0);
        if (since.compareTo(policy.switchBackWindow()) > 0) {
            reasons.add(new OldColourNoLongerKept(latest.deploymentId(), latest.version(), since,
                    policy.switchBackWindow(), to));
            return false;
        }
        reasons.add(new SwitchBack(latest.deploymentId(), latest.version(), since, to, policy.switchBackWindow()));
        return true;
    }

    /** A finished blue-green deployment whose traffic went back to the old colour. */
    private static boolean switchedBack(DeploymentState latest) {
        return !latest.active() && latest.strategy() == Strategy.BLUE_GREEN && "SUCCEEDED".equals(latest.status())
                && latest.newPercent() == 0;
    }

    /** WAIT_APPROVAL when the way back is risky or policy wants a person; else the branch itself. */
    private static Decision approvals(Builder b, List<Reason> reasons, Branch branch, String to,
            RollbackTarget target, Policy policy, Double impact) {
        boolean risky = target != null && target.requiresApproval() && to.equals(target.targetVersion());
        boolean byPolicy = branch == Branch.FULL_ROLLBACK && policy.approveFullRollback();
        if (target != null && to.equals(target.targetVersion())) {
            // where the target came from (version-service or the local cache) and, when risky, why
            target.reasons().forEach(finding -> reasons.add(new Reason.Text(finding)));
        }
        if (byPolicy) {
            reasons.add(new ApprovalByPolicy(b.trigger.environment()));
        }
        if (risky || byPolicy) {
            return b.build(Branch.WAIT_APPROVAL, branch, to, impact);
        }
        return b.build(branch, null, to, impact);
    }

    /** The breaching version's share of users: from the evidence, else from the deployment's weights. */
    static double impact(Trigger t, DeploymentState latest, List<Reason> reasons) {
        if (t.trafficPercent() != null) {
            reasons.add(new ImpactFromEvidence(t.trafficPercent(), t.version()));
            return t.trafficPercent();
        }
        double share = latest.active() ? latest.newPercent() : 100;
        reasons.add(new ImpactFromWeight(share, t.version(), latest.deploymentId(), latest.status()));
        return share;
    }

    /** Fills the evidence fields every branch shares. */
    private static final class Builder {
        final Trigger trigger;
        final DeploymentState latest;
        List<Reason> reasons = List.of();
        boolean switchBack;

        Builder(Trigger trigger, DeploymentState latest) {
            this.trigger = trigger;
            this.latest = latest;
        }

        Builder reasons(List<Reason> r) {
            this.reasons = r;
            return this;
        }

        void switchBack(boolean bySwitchBack) {
            this.switchBack = bySwitchBack;
        }

        Decision build(Branch branch, Branch onApproval, String to, Double impact) {
            String from = trigger.version() != null ? trigger.version() : latest == null ? null : latest.version();
            return new Decision(branch, onApproval, impact, trigger.rule(), trigger.metric(), trigger.observed(),
                    trigger.threshold(), trigger.window(), trigger.samples(), trigger.statistic(), reasons, from, to,
                    latest == null ? null : latest.deploymentId(), latest != null && latest.active(),
                    switchBack && (branch == Branch.FULL_ROLLBACK || onApproval == Branch.FULL_ROLLBACK));
        }
    }
}
