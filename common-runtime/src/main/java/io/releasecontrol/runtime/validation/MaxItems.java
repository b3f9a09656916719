package io.releasecontrol.runtime.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Collection;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * At most {@link #value()} elements, like {@code @Size(max = ...)}, but the message can say how many were
 * sent: {@code at most 50 windows, got 51}. Absent is fine.
 */
@Documented
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = MaxItems.Validator.class)
public @interface MaxItems {

    int value();

    String message() default "at most {value} entries, got {size}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<MaxItems, Collection<?>> {

        private int max;

        @Override
        public void initialize(MaxItems constraint) {
            max = constraint.value();
        }

        @Override
        public boolean isValid(Collection<?> value, ConstraintValidatorContext context) {
            if (value == null || value.size() <= max) {
                return true;
            }
            context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("size", value.size());
            return false;
        }
    }
}
