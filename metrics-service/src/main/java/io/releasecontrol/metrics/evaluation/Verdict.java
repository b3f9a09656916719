package io.releasecontrol.metrics.evaluation;

/** The canary judge's answer for one metric. */
public enum Verdict {
    PASS, MARGINAL, FAIL, NODATA;

    public String wire() {
        return name().toLowerCase();
    }
}
