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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * A text that {@link Instant#parse(CharSequence)} reads: {@code 2026-03-01T10:15:30Z} (an offset such
 * as {@code +02:00} too). Absent is fine.
 */
@Documented
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = IsoInstant.Validator.class)
public @interface IsoInstant {

    String message() default "must be an ISO-8601 UTC instant such as 2026-03-01T10:15:30Z (got '{rejected}')";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<IsoInstant, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            try {
                Instant.parse(value);
                return true;
            } catch (DateTimeParseException e) {
                // a parameter, never part of the template: the sent text is shown as it is
                context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("rejected", value);
                return false;
            }
        }
    }
}
