package io.releasecontrol.deploy.runner;

import io.releasecontrol.deploy.strategy.Step;
import java.util.List;

/**
 * What an instance does with a deployment whose lease it claimed from a dead (or restarted)
 * instance: resume the plan from the stored step, which re-enters the step that was interrupted, or
 * fail the deployment at once when that step ran on an executor that must not run it twice, so
 * whoever started it (the rollback saga) retries instead of waiting.
 *
 * @param action      resume or fail, and why
 * @param from        the instance that held the lease (null: none recorded)
 * @param interrupted the step the deployment was in (null: every step was done, only the end was left)
 */
record Takeover(Action action, String from, Step interrupted) {

    enum Action {
        /** the plan goes on from the stored step; a step that was running is started again */
        RESUME,
        /** the interrupted step ran the environment's script, which is not declared idempotent */
        FAIL_SCRIPT_NOT_IDEMPOTENT
    }

    /** What to do with a deployment at {@code stepIndex} of {@code plan}, whose executor re-enters a step or not. */
    static Takeover decide(List<Step> plan, int stepIndex, boolean executorReenters, String from) {
        Step interrupted = stepIndex < plan.size() ? plan.get(stepIndex) : null;
        boolean onExecutor = interrupted != null
                && (interrupted.kind() == Step.Kind.DEPLOY || interrupted.kind() == Step.Kind.SHIFT_TRAFFIC
                        || interrupted.kind() == Step.Kind.PROMOTE);
        return new Takeover(onExecutor && !executorReenters ? Action.FAIL_SCRIPT_NOT_IDEMPOTENT : Action.RESUME,
                from, interrupted);
    }

    /** The log line, or the failure reason, of the takeover by instance {@code to}. */
    String describe(String environment, String to) {
        String who = from == null ? "an instance" : "instance " + from;
        String where = interrupted == null ? "after its last step" : "at step '" + interrupted.name() + "'";
        return switch (action) {
            case RESUME -> "resumed by instance " + to + " " + where + ": " + who + " stopped renewing its lease";
            case FAIL_SCRIPT_NOT_IDEMPOTENT -> "the instance running it died and the script is not declared idempotent: "
                    + who + " stopped renewing its lease " + where + ", and environment '" + environment
                    + "' does not set rc.deploy.environments." + environment + ".script-idempotent, so the script"
                    + " is not run again";
        };
    }
}
