package io.releasecontrol.metrics.evaluation;

import java.util.Arrays;

/** How a rule compares a window's value with its threshold; the side it names is the bad side. */
public enum Comparison {
    GT(">"), GTE(">="), LT("<"), LTE("<=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** true when {@code value} is on the bad side of {@code threshold}; NaN (no data) never is */
    public boolean crosses(double value, double threshold) {
        if (Double.isNaN(value)) {
            return false;
        }
        return switch (this) {
            case GT -> value > threshold;
            case GTE -> value >= threshold;
            case LT -> value < threshold;
            case LTE -> value <= threshold;
        };
    }

    /** true when higher values are worse: the canary judge tests in that direction */
    public boolean higherIsWorse() {
        return this == GT || this == GTE;
    }

    public static Comparison fromSymbol(String symbol) {
        return Arrays.stream(values()).filter(c -> c.symbol.equals(symbol) || c.name().equalsIgnoreCase(symbol))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "unknown comparator '" + symbol + "' (use >, >=, < or <=)"));
    }
}
