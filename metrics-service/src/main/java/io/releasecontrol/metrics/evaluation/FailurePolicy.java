package io.releasecontrol.metrics.evaluation;

/**
 * When failing evaluations open a breach: {@code failing} of the last {@code outOf} evaluations
 * (with enough data) failed. {@code failing == outOf} is "N consecutive failing evaluations".
 */
public record FailurePolicy(int failing, int outOf) {

    public FailurePolicy {
        if (failing < 1 || outOf < failing || outOf > 64) {
            throw new IllegalArgumentException("failure policy needs 1 <= failing <= outOf <= 64, got " + failing
                    + " of " + outOf);
        }
    }

    public static FailurePolicy consecutive(int n) {
        return new FailurePolicy(n, n);
    }

    public boolean isConsecutive() {
        return failing == outOf;
    }

    public String describe() {
        return isConsecutive() ? failing + " consecutive failing evaluations"
                : failing + " of the last " + outOf + " evaluations failing";
    }
}
