package io.releasecontrol.orchestrator.decision;

import java.util.Locale;

/** How the reasons write numbers: whole numbers without a fraction, others to three places, trailing zeros cut. */
final class Numbers {

    private Numbers() {
    }

    static String pct(double value) {
        return num(value) + " %";
    }

    /** {@code ?} for a number the trigger did not carry. */
    static String num(Double v) {
        if (v == null) {
            return "?";
        }
        return v == Math.rint(v) ? String.valueOf(v.longValue()) : String.format(Locale.ROOT, "%.3f", v)
                .replaceAll("0+$", "");
    }
}
