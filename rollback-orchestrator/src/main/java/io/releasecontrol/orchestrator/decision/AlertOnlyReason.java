package io.releasecontrol.orchestrator.decision;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.orchestrator.target.RollbackTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Why a breach or a manual request ends in an alert only (ALERT_ONLY): one type per exit of the
 * runbook, with the numbers that led there. It is always the decision's last reason, the one the
 * alert-only outcome quotes.
 */
public sealed interface AlertOnlyReason extends Reason {

    /** The rule asks for an alert (p95, cpu, memory rules), never for a rollback. */
    record AlertAction(String rule, String action) implements AlertOnlyReason {

        @Override
        public String text() {
            return "rule " + rule + " has action '" + action + "': alert only, no rollback";
        }
    }

    /** The application opted out of automatic rollbacks. */
    record SkipRollback(String application) implements AlertOnlyReason {

        @Override
        public String text() {
            return application + " has skipRollback set (schema-migration case): alert only";
        }
    }

    /** No deployment of the target is known: the breach does not correlate with one. */
    record NoDeployment(String application, String environment) implements AlertOnlyReason {

        @Override
        public String text() {
            return "no deployment of " + application + " to " + environment
                    + " is known: the breach does not correlate with a deployment, alert only";
        }
    }

    /** The latest deployment ended longer than the correlation window ago. */
    record OutsideCorrelationWindow(String version, Instant finishedAt, Duration ago, Duration window)
            implements AlertOnlyReason {

        @Override
        public String text() {
            return "the latest deployment (" + version + ") ended at " + finishedAt + ", " + ago
                    + " ago, outside the correlation window " + window + ": alert only";
        }
    }

    /** The stable version, the rollback target itself, breaches (during a canary): rolling back would not help. */
    record BreachingIsTheTarget(String version) implements AlertOnlyReason {

        @Override
        public String text() {
            return "the breaching version " + version
                    + " is the rollback target itself: rolling back to it would not help, alert only";
        }
    }

    /** An older version breaches, not the one recently deployed. */
    record NotRecentlyDeployed(String version, String latestVersion) implements AlertOnlyReason {

        @Override
        public String text() {
            return "the breaching version " + version + " is not the recently deployed " + latestVersion
                    + ": alert only";
        }
    }

    /** The version a rollback went to breaches: no automatic rollback of a rollback. */
    record RollbackOfARollback(String version, DeploymentId deployment) implements AlertOnlyReason {

        @Override
        public String text() {
            return "the breaching version " + version + " is itself the target of a rollback (deployment "
                    + deployment + "): no automatic rollback of a rollback, alert only";
        }
    }

    /** A blue-green deployment already switched back to its old colour: the breaching version takes no traffic. */
    record AlreadySwitchedBack(DeploymentId deployment, String version) implements AlertOnlyReason {

        @Override
        public String text() {
            return "blue-green deployment " + deployment + " of " + version + " was switched back to its old colour"
                    + " already: " + version + " takes no traffic, alert only";
        }
    }

    /**
     * Nobody names a version to go back to (a breach or a manual request).
     *
     * @param targetFindings why not, as the rollback-target query answered (empty when nobody could say)
     */
    record NoLastGoodVersion(List<String> targetFindings) implements AlertOnlyReason {

        public NoLastGoodVersion {
            targetFindings = targetFindings == null ? List.of() : List.copyOf(targetFindings);
        }

        static NoLastGoodVersion of(RollbackTarget target) {
            return new NoLastGoodVersion(target == null ? List.of() : target.reasons());
        }

        @Override
        public String text() {
            return "no last good version to roll back to"
                    + (targetFindings.isEmpty() ? "" : " (" + String.join("; ", targetFindings) + ")");
        }
    }

    /** A manual rollback to the version that already runs, its deployment finished. */
    record AlreadyRuns(String version, String environment) implements AlertOnlyReason {

        @Override
        public String text() {
            return version + " already runs in " + environment + ": nothing to roll back";
        }
    }
}
