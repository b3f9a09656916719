package io.releasecontrol.orchestrator.decision;

import io.releasecontrol.events.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        List<String> reasons = List.of(
                "data corruption reported by " + t.requestedBy() + " for " + t.version()
                        + (t.description() == null ? "" : ": " + t.description()),
                "maintenance mode on until an operator confirms the repair (POST /api/v1/rollbacks/{id}/confirm-repair)");
        return new Builder(t, latest).reasons(reasons).build(Branch.MAINTENANCE, null, null, null);
    }

    /** A dry-run rule's breach is only recorded, whatever the deployment, target or policy would say. */
    private static Decision dryRun(Trigger t, DeploymentState latest) {
        List<String> reasons = List.of(evidence(t), dryRunReason(t));
        return new Builder(t, latest).reasons(reasons).build(Branch.DRY_RUN, null, null, null);
    }

    /** {@code dry-run: would have rolled back} (or alerted): what the rule would have asked for. */
    public static String dryRunReason(Trigger t) {
        String would = t.dryRunAction() == null ? "acted (action unknown)"
                : switch (t.dryRunAction()) {
                    case "rollback" -> "rolled back";
                    case "alert" -> "alerted";
                    default -> t.dryRunAction();
                };
        return "dry-run: would have " + would + " (rule " + t.rule() + " is in dry-run mode: no saga, no notification)";
    }

    private static Decision manual(Trigger t, DeploymentState latest, RollbackTarget target, Policy policy,
            Instant now) {
        List<String> reasons = new ArrayList<>();
        reasons.add("manual rollback requested by " + t.requestedBy()
                + (t.description() == null ? "" : ": " + t.description()));
        String to = t.requestedVersion() != null ? t.requestedVersion() : target == null ? null : target.targetVersion();
        Builder b = new Builder(t, latest).reasons(reasons);
        if (to == null) {
            reasons.add("no last good version to roll back to" + targetReasons(target));
            return b.build(Branch.ALERT_ONLY, null, null, null);
        }
        if (latest != null && to.equals(latest.version()) && !latest.active()) {
            reasons.add(to + " already runs in " + t.environment() + ": nothing to roll back");
            return b.build(Branch.ALERT_ONLY, null, to, null);
        }
        b.switchBack(switchBack(latest, to, policy, now, reasons));
        return approvals(b, reasons, Branch.FULL_ROLLBACK, to, target, policy, null);
    }

    private static Decision breach(Trigger t, DeploymentState latest, RollbackTarget target, Policy policy,
            Instant now) {
        List<String> reasons = new ArrayList<>();
        reasons.add(evidence(t));
        Builder b = new Builder(t, latest).reasons(reasons);
        String to = target == null ? null : target.targetVersion();
        if (!"rollback".equals(t.action())) {
            reasons.add("rule " + t.rule() + " has action '" + t.action() + "': alert only, no rollback");
            return b.build(Branch.ALERT_ONLY, null, to, null);
        }
        if (policy.skipRollback()) {
            reasons.add(t.application() + " has skipRollback set (schema-migration case): alert only");
            return b.build(Branch.ALERT_ONLY, null, to, null);
        }
        if (latest == null) {
            reasons.add("no deployment of " + t.application() + " to " + t.environment()
                    + " is known: the breach does not correlate with a deployment, alert only");
            return b.build(Branch.ALERT_ONLY, null, to, null);
        }
        if (!latest.active() && latest.finishedAt().isBefore(now.minus(policy.correlationWindow()))) {
            reasons.add("the latest deployment (" + latest.version() + ") ended at " + latest.finishedAt() + ", "
                    + Duration.between(latest.finishedAt(), now).withNanos(0) + " ago, outside the correlation window "
                    + policy.correlationWindow() + ": alert only");
            return b.build(Branch.ALERT_ONLY, null, to, null);
        }
        if (t.version().equals(to)) {
            reasons.add("the breaching version " + t.version()
                    + " is the rollback target itself: rolling back to it would not help, alert only");
            return b.build(Branch.ALERT_ONLY, null, to, null);
        }
        if (!t.version().equals(latest.version())) {
            reasons.add("the breaching version " + t.version() + " is not the recently deployed " + latest.version()
                    + ": alert only");
            return b.build(Branch.ALERT_ONLY, null, to, null);
        }
        if (latest.rollbackOf() != null) {
            reasons.add("the breaching version " + t.version() + " is itself the target of a rollback (deployment "
                    + latest.deploymentId() + "): no automatic rollback of a rollback, alert only");
            return b.build(Branch.ALERT_ONLY, null, to, null);
        }
        if (switchedBack(latest)) {
            reasons.add("blue-green deployment " + latest.deploymentId() + " of " + latest.version()
                    + " was switched back to its old colour already: " + latest.version()
                    + " takes no traffic, alert only");
            return b.build(Branch.ALERT_ONLY, null, to, null);
        }
        if (to == null) {
            reasons.add("no last good version to roll back to" + targetReasons(target));
            return b.build(Branch.ALERT_ONLY, null, null, null);
        }
        double impact = impact(t, latest, reasons);
        Branch branch;
        if (impact < policy.impactThresholdPercent()) {
            if (latest.active() && latest.strategy() == Strategy.CANARY) {
                reasons.add("impact " + pct(impact) + " < " + pct(policy.impactThresholdPercent())
                        + ": partial rollback (canary weight -> 0), then observe");
                branch = Branch.PARTIAL_ROLLBACK;
            } else {
                reasons.add("impact " + pct(impact) + " < " + pct(policy.impactThresholdPercent()) + " but the "
                        + latest.strategy().wire() + " deployment of " + latest.version()
                        + (latest.active() ? " has no canary share to take back" : " has finished")
                        + ": full rollback");
                branch = Branch.FULL_ROLLBACK;
            }
        } else {
            reasons.add("impact " + pct(impact) + " >= " + pct(policy.impactThresholdPercent())
                    + ": full rollback now");
            branch = Branch.FULL_ROLLBACK;
        }
        b.switchBack(branch == Branch.FULL_ROLLBACK && switchBack(latest, to, policy, now, reasons));
        return approvals(b, reasons, branch, to, target, policy, impact);
    }

    /**
     * Whether a full rollback to {@code to} can switch traffic back to the old colour of a finished
     * blue-green deployment: it succeeded, still takes the traffic, its old colour runs {@code to}
     * and is still kept (finished within the switch-back window). Says why in either case.
     */
    static boolean switchBack(DeploymentState latest, String to, Policy policy, Instant now, List<String> reasons) {
        if (latest == null || latest.active() || latest.strategy() != Strategy.BLUE_GREEN
                || !"SUCCEEDED".equals(latest.status()) || latest.finishedAt() == null) {
            return false;
        }
        String deployment = "blue-green deployment " + latest.deploymentId() + " of " + latest.version();
        if (!to.equals(latest.previousVersion())) {
            reasons.add("the old colour of " + deployment + " runs " + latest.previousVersion() + ", not " + to
                    + ": full rollback by a new deployment of " + to);
            return false;
        }
        Duration since = Duration.between(latest.finishedAt(), now).withNanos(0);
        if (since.compareTo(policy.switchBackWindow()) > 0) {
            reasons.add(deployment + " finished " + since + " ago; its old colour is kept for "
                    + policy.switchBackWindow() + " only: full rollback by a new deployment of " + to);
            return false;
        }
        reasons.add(deployment + " finished " + since + " ago and its old colour still runs " + to + " (kept for "
                + policy.switchBackWindow() + "): full rollback by switching traffic back to it");
        return true;
    }

    /** A finished blue-green deployment whose traffic went back to the old colour. */
    private static boolean switchedBack(DeploymentState latest) {
        return !latest.active() && latest.strategy() == Strategy.BLUE_GREEN && "SUCCEEDED".equals(latest.status())
                && latest.newPercent() == 0;
    }

    /** WAIT_APPROVAL when the way back is risky or policy wants a person; else the branch itself. */
    private static Decision approvals(Builder b, List<String> reasons, Branch branch, String to,
            RollbackTarget target, Policy policy, Double impact) {
        boolean risky = target != null && target.requiresApproval() && to.equals(target.targetVersion());
        boolean byPolicy = branch == Branch.FULL_ROLLBACK && policy.approveFullRollback();
        if (target != null && to.equals(target.targetVersion())) {
            // where the target came from (version-service or the local cache) and, when risky, why
            reasons.addAll(target.reasons());
        }
        if (byPolicy) {
            reasons.add("policy: a full rollback in " + b.trigger.environment() + " needs an operator's approval");
        }
        if (risky || byPolicy) {
            return b.build(Branch.WAIT_APPROVAL, branch, to, impact);
        }
        return b.build(branch, null, to, impact);
    }

    /** The breaching version's share of users: from the evidence, else from the deployment's weights. */
    static double impact(Trigger t, DeploymentState latest, List<String> reasons) {
        if (t.trafficPercent() != null) {
            reasons.add("impact " + pct(t.trafficPercent()) + ": " + t.version()
                    + "'s share of traffic in the breach evidence");
            return t.trafficPercent();
        }
        double share = latest.active() ? latest.newPercent() : 100;
        reasons.add("impact " + pct(share) + ": " + t.version() + "'s traffic weight in deployment "
                + latest.deploymentId() + " (" + latest.status() + ")");
        return share;
    }

    /**
     * The breach in numbers. The relation is the numbers' own: a breach decided against the baseline
     * can lie under the threshold (errorRate 0.031 < threshold 0.05, worse than its baseline: the
     * statistic names the test), and a lower-is-worse rule breaches under it.
     */
    private static String evidence(Trigger t) {
        String relation = t.observed() == null || t.threshold() == null ? "vs"
                : t.observed() > t.threshold() ? ">" : t.observed() < t.threshold() ? "<" : "=";
        return String.format(Locale.ROOT, "%s %s of %s: %s %s %s threshold %s over %s (%d samples, %s)",
                t.rule() == null ? "rule" : "rule " + t.rule(), "breached", t.version(), t.metric(),
                num(t.observed()), relation, num(t.threshold()), t.window(), t.samples() == null ? 0 : t.samples(),
                t.statistic());
    }

    private static String targetReasons(RollbackTarget target) {
        return target == null || target.reasons().isEmpty() ? "" : " (" + String.join("; ", target.reasons()) + ")";
    }

    static String pct(double value) {
        return num(value) + " %";
    }

    private static String num(Double v) {
        if (v == null) {
            return "?";
        }
        return v == Math.rint(v) ? String.valueOf(v.longValue()) : String.format(Locale.ROOT, "%.3f", v)
                .replaceAll("0+$", "");
    }

    /** Fills the evidence fields every branch shares. */
    private static final class Builder {
        final Trigger trigger;
        final DeploymentState latest;
        List<String> reasons = List.of();
        boolean switchBack;

        Builder(Trigger trigger, DeploymentState latest) {
            this.trigger = trigger;
            this.latest = latest;
        }

        Builder reasons(List<String> r) {
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
