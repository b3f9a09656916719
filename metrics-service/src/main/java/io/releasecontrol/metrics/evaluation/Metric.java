package io.releasecontrol.metrics.evaluation;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.util.Arrays;

/**
 * A metric a rule can watch. Every metric is read from a sample as a value with a weight, so a
 * window's value is a weighted mean (or, for {@link #HTTP_5XX_PER_MINUTE}, a sum per minute) that
 * can be computed from running sums in constant memory.
 */
public enum Metric {
    /** errors / requests; each sample weighs by its requests */
    ERROR_RATE("errorRate", "ratio(errors/requests)", 0.001),
    /** 5xx responses per minute over the window (sum / window minutes) */
    HTTP_5XX_PER_MINUTE("http5xxPerMinute", "sum(http5xx)/window-minutes", 0.5),
    /** p95 latency in ms, request-weighted mean of the instances' p95 */
    LATENCY_P95_MS("latencyP95Ms", "request-weighted mean(latencyP95Ms)", 5.0),
    /** cpu in 0..1, mean over the samples */
    CPU("cpu", "mean(cpu)", 0.01),
    /** memory in 0..1, mean over the samples */
    MEMORY("memory", "mean(memory)", 0.01),
    /**
     * an application's own ratio of two counters ({@link Rule.Ratio}); its values come from the
     * samples' {@code custom} counters, kept per bucket by name, not from the fixed fields
     */
    CUSTOM_RATIO("customRatio", "ratio(numerator/denominator)", 0.001),
    /** an application's own counter ({@link Rule.Counter}), per minute over the window like the 5xx count */
    CUSTOM_COUNTER("customCounter", "sum(counter)/window-minutes", 0.5),
    /** an application's own gauge ({@link Rule.Gauge}), the mean of the samples that sent it */
    CUSTOM_GAUGE("customGauge", "mean(gauge)", 0.001);

    private final String wireName;
    private final String statistic;
    /** the smallest difference that matters: keeps canary/baseline ratios of near-zero values sane */
    private final double noiseFloor;

    Metric(String wireName, String statistic, double noiseFloor) {
        this.wireName = wireName;
        this.statistic = statistic;
        this.noiseFloor = noiseFloor;
    }

    public String wireName() {
        return wireName;
    }

    public String statistic() {
        return statistic;
    }

    public double noiseFloor() {
        return noiseFloor;
    }

    /** true for metrics whose window value is a rate per minute rather than a mean */
    boolean isRatePerMinute() {
        return this == HTTP_5XX_PER_MINUTE || this == CUSTOM_COUNTER;
    }

    /** true for the application's own metrics: their values are the samples' {@code custom} values, by the rule's name */
    public boolean isCustom() {
        return this == CUSTOM_RATIO || this == CUSTOM_COUNTER || this == CUSTOM_GAUGE;
    }

    /** The sample's value for this metric, or NaN when the sample does not measure it. */
    double value(MetricSampleRecorded s) {
        return switch (this) {
            case ERROR_RATE -> s.errors() == null || s.requests() == null || s.requests() == 0 ? Double.NaN
                    : (double) s.errors() / s.requests();
            case HTTP_5XX_PER_MINUTE -> s.http5xx() == null ? Double.NaN : s.http5xx();
            case LATENCY_P95_MS -> s.latencyP95Ms() == null ? Double.NaN : s.latencyP95Ms();
            case CPU -> s.cpu() == null ? Double.NaN : s.cpu();
            case MEMORY -> s.memory() == null ? Double.NaN : s.memory();
            case CUSTOM_RATIO, CUSTOM_COUNTER, CUSTOM_GAUGE -> Double.NaN; // by name, from the custom values (Bucket)
        };
    }

    /** The weight of the sample's value in the window mean. */
    double weight(MetricSampleRecorded s) {
        return switch (this) {
            case ERROR_RATE -> s.requests();
            case LATENCY_P95_MS -> s.requests() == null || s.requests() == 0 ? 1.0 : s.requests();
            default -> 1.0;
        };
    }

    /** A built-in metric by its wire name (a custom ratio is named by its rule's {@code ratio}). */
    public static Metric fromWire(String name) {
        return Arrays.stream(values()).filter(m -> !m.isCustom() && m.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown metric '" + name + "' (known: "
                        + String.join(", ", builtIn().stream().map(Metric::wireName).toList())
                        + "; or a name of your own with a ratio, counter or gauge of the samples' custom values)"));
    }

    /** The metrics every sample can carry (not the custom ones). */
    public static java.util.List<Metric> builtIn() {
        return Arrays.stream(values()).filter(m -> !m.isCustom()).toList();
    }
}
