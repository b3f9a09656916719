package io.releasecontrol.metrics.ingest;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.runtime.problem.InvalidFields;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hibernate.validator.HibernateValidatorFactory;

/**
 * Every reason a sample is refused, field by field: {@link SampleRequest}'s constraints, checked by the
 * service's Bean Validation with {@code maxFutureSkew} as the clock skew a sample's time may have
 * ({@link NotAhead}). The same rules for REST, Kafka, the Prometheus pull and a replay.
 *
 * <p>Every sample of the ingest paths is checked, thousands a second on the Kafka consumer's thread,
 * and nearly all are valid: a plain check of the same rules accepts a valid one in about 0.2 µs, where
 * Bean Validation takes 3-4 µs of CPU (15-20 % of the Kafka ingest's whole cost per sample), so Bean
 * Validation runs only for a sample the plain check does not accept, to name what is wrong with it.
 * SampleChecksTest holds the two to the same verdict.
 */
public final class SampleChecks {

    private static final Pattern COUNTER_NAME = Pattern.compile(Rule.Ratio.NAME);

    private final Validator validator;
    private final Clock clock = Clock.systemUTC();
    private final Duration maxFutureSkew;

    /** @param validator the service's (Spring Boot's) validator; this one differs only in the skew */
    public SampleChecks(Validator validator, Duration maxFutureSkew) {
        this.validator = validator.unwrap(HibernateValidatorFactory.class).usingContext()
                .temporalValidationTolerance(maxFutureSkew).getValidator();
        this.maxFutureSkew = maxFutureSkew;
    }

    /** The errors of an invalid sample, in the order of its fields; none for a valid one. */
    public List<FieldError> errors(SampleRequest sample) {
        if (accepts(sample)) {
            return List.of();
        }
        Set<ConstraintViolation<SampleRequest>> violations = validator.validate(sample);
        return violations.isEmpty() ? List.of() : InvalidFields.of(violations);
    }

    public List<FieldError> errors(MetricSampleRecorded sample) {
        return errors(SampleRequest.of(sample));
    }

    /** Whether every constraint of {@link SampleRequest} holds, without Bean Validation. */
    boolean accepts(SampleRequest s) {
        return SampleName.Kind.APPLICATION.matches(s.application()) && SampleName.Kind.ENVIRONMENT.matches(s.environment())
                && token(s.version()) && token(s.instance())
                && s.time() != null && !s.time().isAfter(clock.instant().plus(maxFutureSkew))
                && count(s.requests()) && count(s.errors()) && count(s.http5xx())
                && (s.latencyP95Ms() == null || (s.latencyP95Ms() >= 0 && s.latencyP95Ms() < 3_600_000))
                && ratio(s.cpu()) && ratio(s.memory()) && count(s.activeUsers()) && counters(s.custom())
                && (s.errors() == null || (s.requests() != null && s.errors() <= s.requests()))
                && (s.http5xx() == null || s.requests() == null || s.http5xx() <= s.requests())
                && (s.requests() != null || s.errors() != null || s.http5xx() != null || s.latencyP95Ms() != null
                || s.cpu() != null || s.memory() != null || s.activeUsers() != null
                || (s.custom() != null && !s.custom().isEmpty()));
    }

    // a blank version or instance matches the pattern (U+2003 is no \s) but is missing: refused
    private static boolean token(String value) {
        return value != null && !value.isBlank() && SampleName.Kind.TOKEN.matches(value);
    }

    private static boolean count(Long value) {
        return value == null || value >= 0;
    }

    private static boolean ratio(Double value) {
        return value == null || (value >= 0 && value <= 1);
    }

    private static boolean counters(Map<String, Double> custom) {
        if (custom == null) {
            return true;
        }
        if (custom.size() > SampleRequest.MAX_CUSTOM) {
            return false;
        }
        for (Map.Entry<String, Double> e : custom.entrySet()) {
            Double v = e.getValue();
            if (v == null || !(v >= 0 && v <= 1e15) || e.getKey() == null || !COUNTER_NAME.matcher(e.getKey()).matches()) {
                return false;
            }
        }
        return true;
    }
}
