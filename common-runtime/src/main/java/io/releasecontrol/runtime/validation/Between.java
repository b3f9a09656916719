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
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * A whole number from {@link #min()} to {@link #max()}, both included, like {@code @Min} and {@code @Max}
 * together, but the message shows what was sent: {@code must be 0..10, got 11}. Absent is fine.
 */
@Documented
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = Between.Validator.class)
public @interface Between {

    long min();

    long max();

    String message() default "must be {min}..{max}, got {rejected}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<Between, Number> {

        private long min;
        private long max;

        @Override
        public void initialize(Between constraint) {
            min = constraint.min();
            max = constraint.max();
        }

        @Override
        public boolean isValid(Number value, ConstraintValidatorContext context) {
            if (value == null || (value.longValue() >= min && value.longValue() <= max)) {
                return true;
            }
            context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("rejected", value);
            return false;
        }
    }
}
