package io.releasecontrol.deploy.strategy;

/**
 * One step of a deployment plan.
 *
 * @param name          what the step does, as shown in {@code currentStep} and passed as {@code RC_STEP}
 * @param kind          who carries it out
 * @param progressAfter percent done once the step succeeded
 * @param trafficAfter  the new version's share of traffic once the step succeeded; null = unchanged
 */
public record Step(String name, Kind kind, int progressAfter, Integer trafficAfter) {

    /** Who carries a step out. */
    public enum Kind {
        /** the executor installs the new version (a batch, a colour, the canary instances) */
        DEPLOY,
        /** the executor moves traffic (RC_WEIGHT) */
        SHIFT_TRAFFIC,
        /** the environment's health endpoints must answer without 5xx in time */
        HEALTH_CHECK,
        /** canary: hold the weight for the pause, or until promoted when the pause is manual */
        PAUSE,
        /**
         * wait until metrics-service's gate passes the new version with the policy's evidence (a
         * canary's weight) or after the policy's bake (the end of any strategy)
         */
        ANALYSIS,
        /**
         * canary behind a router: the executor installs the new version on the stable servers
         * (which carry no traffic at 100 %), then the router sends all traffic back to them
         */
        PROMOTE
    }

    /** Names of gated steps begin with one of these; what a step waits for is shown after them. */
    public static final String ANALYSIS_AT = "analysis at ";
    public static final String BAKE = "bake";
    /** The last step of a canary behind a router (PROMOTE). */
    public static final String PROMOTE_TO_STABLE = "promote to the stable servers";

    /** Whether a deployment whose current step reads {@code currentStep} is waiting at an evidence gate. */
    public static boolean isGate(String currentStep) {
        return currentStep != null && (currentStep.startsWith(ANALYSIS_AT) || currentStep.startsWith(BAKE));
    }

    public Step {
        if (progressAfter < 0 || progressAfter > 100) {
            throw new IllegalArgumentException("progress must be 0..100, got " + progressAfter);
        }
        if (trafficAfter != null && (trafficAfter < 0 || trafficAfter > 100)) {
            throw new IllegalArgumentException("traffic must be 0..100, got " + trafficAfter);
        }
    }

    /** The weight the executor is asked for (RC_WEIGHT) during this step. */
    public int weight(int currentWeight) {
        return trafficAfter == null ? currentWeight : trafficAfter;
    }
}
