package io.releasecontrol.deploy.deployment;

/**
 * What an evidence gate decided about a step, as {@code DeployStepAnalysed} carries it.
 *
 * @param verdict   pass, held, failed or overridden
 * @param decidedBy metrics-service's gate, or who promoted past it
 */
public record StepAnalysis(String step, String verdict, String reason, Long requests, Long minRequests, Long samples,
        Long minSamples, String baseline, String decidedBy) {

    public static final String PASS = "pass";
    public static final String HELD = "held";
    public static final String FAILED = "failed";
    public static final String OVERRIDDEN = "overridden";
    public static final String GATE = "metrics-service";

    /** A step passed without its gate being asked: the canary was promoted before it. */
    public static StepAnalysis promotedEarlier(String step) {
        return new StepAnalysis(step, OVERRIDDEN, "the deployment was promoted before this step", null, null, null,
                null, null, "promote");
    }
}
