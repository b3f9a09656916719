package io.releasecontrol.runtime.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * A text that {@link Duration#parse(CharSequence)} reads, between {@code PT0S} and {@link #max()}: a
 * timeout, a soak, a pause. The bound keeps the time arithmetic done with it far from overflow. Absent
 * is fine. Messages show the bound as {@link Duration#toString()} does ({@code P90D} as {@code PT2160H})
 * and what was sent as text.
 */
@Documented
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = IsoDuration.Validator.class)
public @interface IsoDuration {

    /** The longest accepted, itself included, ISO-8601: {@code P90D}. */
    String max();

    /** Whether {@code PT0S} is refused too ("must be positive"). */
    boolean positive() default false;

    /** Texts accepted as they are instead of a duration, such as {@code manual}. */
    String[] or() default {};

    /** For a text that is no duration. */
    String message() default "must be an ISO-8601 duration such as PT10M, got '{rejected}'";

    /** For a duration below {@code PT0S} or above {@link #max()}. */
    String outOfRange() default "must be between PT0S and {max}, got {rejected}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<IsoDuration, String> {

        private static final String NOT_POSITIVE = "must be positive";

        private Duration max;
        private boolean positive;
        private Set<String> words;
        private String outOfRange;

        @Override
        public void initialize(IsoDuration constraint) {
            max = Duration.parse(constraint.max());
            positive = constraint.positive();
            words = Set.of(constraint.or());
            outOfRange = constraint.outOfRange();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || words.contains(value)) {
                return true;
            }
            Duration duration;
            try {
                duration = Duration.parse(value);
            } catch (DateTimeParseException e) {
                reject(context, value, null);
                return false;
            }
            if (duration.isNegative() || duration.compareTo(max) > 0) {
                reject(context, value, outOfRange);
                return false;
            }
            if (positive && duration.isZero()) {
                reject(context, value, NOT_POSITIVE);
                return false;
            }
            return true;
        }

        private void reject(ConstraintValidatorContext context, String value, String template) {
            // the sent text is a parameter, never part of a template: "{x}" or "${x}" in it stay text
            var hibernate = context.unwrap(HibernateConstraintValidatorContext.class)
                    .addMessageParameter("rejected", value).addMessageParameter("max", max.toString());
            if (template != null) {
                hibernate.disableDefaultConstraintViolation();
                hibernate.buildConstraintViolationWithTemplate(template).addConstraintViolation();
            }
        }
    }
}
