package io.releasecontrol.orchestrator.decision;

import static io.releasecontrol.orchestrator.decision.Numbers.pct;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.Strategy;
import java.time.Duration;

/**
 * Why a rollback, and which: the impact it was measured by, the branch that impact chose, how a
 * full rollback of a blue-green deployment goes back, and who must approve it.
 */
public sealed interface RollbackReason extends Reason {

    /** The breaching version's share of users, as the breach evidence measured it. */
    record ImpactFromEvidence(double percent, String version) implements RollbackReason {

        @Override
        public String text() {
            return "impact " + pct(percent) + ": " + version + "'s share of traffic in the breach evidence";
        }
    }

    /** The breaching version's share of users, from its deployment's traffic weight (100 % once finished). */
    record ImpactFromWeight(double percent, String version, DeploymentId deployment, String status)
            implements RollbackReason {

        @Override
        public String text() {
            return "impact " + pct(percent) + ": " + version + "'s traffic weight in deployment " + deployment + " ("
                    + status + ")";
        }
    }

    /** Impact under the threshold on an active canary: its weight back to 0, then observe. */
    record PartialRollback(double impact, double threshold) implements RollbackReason {

        @Override
        public String text() {
            return "impact " + pct(impact) + " < " + pct(threshold)
                    + ": partial rollback (canary weight -> 0), then observe";
        }
    }

    /** Impact under the threshold, but no canary share to take back (not a canary, or it finished). */
    record FullRollbackWithoutCanary(double impact, double threshold, Strategy strategy, String version,
            boolean active) implements RollbackReason {

        @Override
        public String text() {
            return "impact " + pct(impact) + " < " + pct(threshold) + " but the " + strategy.wire() + " deployment of "
                    + version + (active ? " has no canary share to take back" : " has finished") + ": full rollback";
        }
    }

    /** Impact at or over the threshold (the runbook's 10 %). */
    record FullRollbackNow(double impact, double threshold) implements RollbackReason {

        @Override
        public String text() {
            return "impact " + pct(impact) + " >= " + pct(threshold) + ": full rollback now";
        }
    }

    /** A finished blue-green deployment whose old colour runs another version than the target: redeploy. */
    record OldColourIsNotTheTarget(DeploymentId deployment, String version, String oldColour, String target)
            implements RollbackReason {

        @Override
        public String text() {
            return "the old colour of blue-green deployment " + deployment + " of " + version + " runs " + oldColour
                    + ", not " + target + ": full rollback by a new deployment of " + target;
        }
    }

    /** A finished blue-green deployment whose old colour is no longer kept: redeploy. */
    record OldColourNoLongerKept(DeploymentId deployment, String version, Duration since, Duration kept,
            String target) implements RollbackReason {

        @Override
        public String text() {
            return "blue-green deployment " + deployment + " of " + version + " finished " + since
                    + " ago; its old colour is kept for " + kept + " only: full rollback by a new deployment of "
                    + target;
        }
    }

    /** A finished blue-green deployment whose old colour still runs the target: switch traffic back to it. */
    record SwitchBack(DeploymentId deployment, String version, Duration since, String target, Duration kept)
            implements RollbackReason {

        @Override
        public String text() {
            return "blue-green deployment " + deployment + " of " + version + " finished " + since
                    + " ago and its old colour still runs " + target + " (kept for " + kept
                    + "): full rollback by switching traffic back to it";
        }
    }

    /** The environment's policy wants a person for every full rollback. */
    record ApprovalByPolicy(String environment) implements RollbackReason {

        @Override
        public String text() {
            return "policy: a full rollback in " + environment + " needs an operator's approval";
        }
    }

    /** Data corruption: maintenance mode until a person confirms the repair. */
    record MaintenanceUntilRepaired() implements RollbackReason {

        @Override
        public String text() {
            return "maintenance mode on until an operator confirms the repair"
                    + " (POST /api/v1/rollbacks/{id}/confirm-repair)";
        }
    }
}
