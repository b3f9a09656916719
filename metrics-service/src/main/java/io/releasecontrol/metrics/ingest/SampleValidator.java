package io.releasecontrol.metrics.ingest;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Every reason a sample is refused, field by field; the same rules for REST and Kafka ingest. */
public final class SampleValidator {

    // the rules as patterns, for the messages; checked char by char (a regex took 5 % of the Kafka consumer)
    private static final Pattern APPLICATION = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");
    private static final Pattern ENVIRONMENT = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    /** most custom counters one sample may carry */
    public static final int MAX_CUSTOM = 32;
    private static final Pattern TOKEN = Pattern.compile("^[^\\s:]{1,128}$");

    private final Clock clock;
    private final Duration maxFutureSkew;

    public SampleValidator(Clock clock, Duration maxFutureSkew) {
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
    }

    public List<FieldError> validate(MetricSampleRecorded s) {
        List<FieldError> errors = new ArrayList<>();
        match(errors, "application", s.application(), APPLICATION, isName(s.application(), 2));
        match(errors, "environment", s.environment(), ENVIRONMENT, isName(s.environment(), 1));
        match(errors, "version", s.version(), TOKEN, isToken(s.version()));
        match(errors, "instance", s.instance(), TOKEN, isToken(s.instance()));
        if (s.time() == null) {
            errors.add(new FieldError("time", "is required"));
        } else if (s.time().isAfter(clock.instant().plus(maxFutureSkew))) {
            errors.add(new FieldError("time", "is more than " + maxFutureSkew + " in the future"));
        }
        nonNegative(errors, "requests", s.requests());
        nonNegative(errors, "errors", s.errors());
        nonNegative(errors, "http5xx", s.http5xx());
        nonNegative(errors, "activeUsers", s.activeUsers());
        custom(errors, s.custom());
        if (s.errors() != null && s.requests() == null) {
            errors.add(new FieldError("requests", "is required when errors is given"));
        }
        if (s.errors() != null && s.requests() != null && s.errors() > s.requests()) {
            errors.add(new FieldError("errors", "must not exceed requests"));
        }
        if (s.http5xx() != null && s.requests() != null && s.http5xx() > s.requests()) {
            errors.add(new FieldError("http5xx", "must not exceed requests"));
        }
        if (s.latencyP95Ms() != null && !(s.latencyP95Ms() >= 0 && s.latencyP95Ms() < 3_600_000)) {
            errors.add(new FieldError("latencyP95Ms", "must be between 0 and 3600000"));
        }
        ratio(errors, "cpu", s.cpu());
        ratio(errors, "memory", s.memory());
        if (s.requests() == null && s.errors() == null && s.http5xx() == null && s.latencyP95Ms() == null
                && s.cpu() == null && s.memory() == null && s.activeUsers() == null && s.custom() == null) {
            errors.add(new FieldError("requests", "a sample needs at least one measurement"));
        }
        return errors;
    }

    /** custom counters: at most {@link #MAX_CUSTOM}, named like a ratio's counters, finite and not negative */
    private static void custom(List<FieldError> errors, java.util.Map<String, Double> custom) {
        if (custom == null) {
            return;
        }
        if (custom.size() > MAX_CUSTOM) {
            errors.add(new FieldError("custom", "at most " + MAX_CUSTOM + " counters per sample, got " + custom.size()));
            return;
        }
        custom.forEach((name, v) -> {
            if (name == null || !name.matches(io.releasecontrol.metrics.evaluation.Rule.Ratio.NAME)) {
                errors.add(new FieldError("custom", "counter names must match "
                        + io.releasecontrol.metrics.evaluation.Rule.Ratio.NAME + ", got '" + name + "'"));
            } else if (v == null || !Double.isFinite(v) || v < 0 || v > 1e15) {
                errors.add(new FieldError("custom." + name, "must be a count between 0 and 1e15"));
            }
        });
    }

    private static void match(List<FieldError> errors, String field, String value, Pattern pattern, boolean matches) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!matches) {
            errors.add(new FieldError(field, "must match " + pattern.pattern()));
        }
    }

    /** {@code ^[a-z0-9][a-z0-9-]{min-1,62}$} */
    public static boolean isName(String value, int min) {
        if (value == null || value.length() < min || value.length() > 63) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code ^[^\\s:]{1,128}$}: what {@code \\s} means in a Java regex (space, \\t, \\n, \\x0B, \\f, \\r) */
    public static boolean isToken(String value) {
        if (value == null || value.isEmpty()
                || (value.length() > 128 && value.codePointCount(0, value.length()) > 128)) {
            return false; // the regex counts code points
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ':' || c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                return false;
            }
        }
        return true;
    }

    private static void nonNegative(List<FieldError> errors, String field, Long value) {
        if (value != null && value < 0) {
            errors.add(new FieldError(field, "must not be negative"));
        }
    }

    private static void ratio(List<FieldError> errors, String field, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            errors.add(new FieldError(field, "must be a ratio between 0 and 1"));
        }
    }
}
