package io.releasecontrol.metrics.ingest;

import static io.releasecontrol.metrics.ingest.SampleName.Kind.APPLICATION;
import static io.releasecontrol.metrics.ingest.SampleName.Kind.ENVIRONMENT;
import static io.releasecontrol.metrics.ingest.SampleName.Kind.TOKEN;
import static io.releasecontrol.runtime.validation.FieldMessages.REQUIRED;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.evaluation.Rule;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;

/**
 * One sample as posted to {@code POST /api/v1/metrics/samples} (DESIGN §10); absent measurements are
 * null. Its constraints are every reason a sample is refused, REST, Kafka, Prometheus or replayed alike
 * ({@link SampleChecks}); a refused sample's errors are listed in the order of the fields here.
 */
@ConsistentSample
public record SampleRequest(
        @SampleName(APPLICATION) String application,
        @SampleName(ENVIRONMENT) String environment,
        @SampleName(TOKEN) String version,
        @SampleName(TOKEN) String instance,
        @NotNull(message = REQUIRED) @NotAhead Instant time,
        @PositiveOrZero(message = NEGATIVE) Long requests,
        @PositiveOrZero(message = NEGATIVE) Long errors,
        @PositiveOrZero(message = NEGATIVE) Long http5xx,
        @DecimalMin(value = "0", message = LATENCY) @DecimalMax(value = "3600000", inclusive = false, message = LATENCY)
        Double latencyP95Ms,
        @DecimalMin(value = "0", message = RATIO) @DecimalMax(value = "1", message = RATIO) Double cpu,
        @DecimalMin(value = "0", message = RATIO) @DecimalMax(value = "1", message = RATIO) Double memory,
        @PositiveOrZero(message = NEGATIVE) Long activeUsers,
        @Size(max = MAX_CUSTOM, message = "at most {max} counters per sample")
        Map<@Pattern(regexp = Rule.Ratio.NAME, message = "counter names must match {regexp}") String,
                @NotNull(message = COUNT) @DecimalMin(value = "0", message = COUNT) @DecimalMax(value = "1e15", message = COUNT)
                Double> custom) {

    /** most custom counters one sample may carry */
    public static final int MAX_CUSTOM = 32;
    static final String NEGATIVE = "must not be negative";
    static final String LATENCY = "must be between 0 and 3600000";
    static final String RATIO = "must be a ratio between 0 and 1";
    static final String COUNT = "must be a count between 0 and 1e15";

    /** The sample as a request, to check one that came another way (Kafka, Prometheus, the store). */
    public static SampleRequest of(MetricSampleRecorded s) {
        return new SampleRequest(s.application(), s.environment(), s.version(), s.instance(), s.time(), s.requests(),
                s.errors(), s.http5xx(), s.latencyP95Ms(), s.cpu(), s.memory(), s.activeUsers(), s.custom());
    }

    /** for the replay of a posted trace, which lives in another package */
    public MetricSampleRecorded toSampleForReplay() {
        return toSample();
    }

    MetricSampleRecorded toSample() {
        return new MetricSampleRecorded(application, environment, version, instance, time, requests, errors, http5xx,
                latencyP95Ms, cpu, memory, activeUsers, custom);
    }
}
