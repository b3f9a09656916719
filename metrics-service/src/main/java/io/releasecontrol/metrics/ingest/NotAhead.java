package io.releasecontrol.metrics.ingest;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.metadata.ConstraintDescriptor;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidator;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorInitializationContext;

/**
 * An instant no further ahead of the validator's clock than its temporal validation tolerance, the
 * clock skew allowed ({@link SampleChecks} sets it to {@code rc.metrics.max-future-skew}). Absent is fine.
 */
@Documented
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = NotAhead.Validator.class)
public @interface NotAhead {

    String message() default "is more than {skew} in the future";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements HibernateConstraintValidator<NotAhead, Instant> {

        private Clock clock;
        private Duration skew;

        @Override
        public void initialize(ConstraintDescriptor<NotAhead> descriptor,
                HibernateConstraintValidatorInitializationContext context) {
            clock = context.getClockProvider().getClock();
            skew = context.getTemporalValidationTolerance();
        }

        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            if (value == null || !value.isAfter(clock.instant().plus(skew))) {
                return true;
            }
            context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("skew", skew.toString());
            return false;
        }
    }
}
