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
import java.util.Arrays;
import java.util.Set;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * A text that is one of a fixed set of words ({@code feature}, {@code fix}, ...). Enum-like fields are
 * strings so an unknown word gets this precise 400 instead of an unreadable body. The message names
 * the words, sorted, and what was sent.
 */
@Documented
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = OneOf.Validator.class)
public @interface OneOf {

    String[] value();

    /** Absent is an error too ("is required (one of ...)"); otherwise absent is fine. */
    boolean required() default false;

    String message() default "must be one of {allowed} (got '{rejected}')";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<OneOf, String> {

        private static final String REQUIRED = "is required (one of {allowed})";

        private Set<String> allowed;
        private String listed;
        private boolean required;

        @Override
        public void initialize(OneOf constraint) {
            allowed = Set.of(constraint.value());
            listed = String.join(", ", Arrays.stream(constraint.value()).sorted().toList());
            required = constraint.required();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null ? !required : allowed.contains(value)) {
                return true;
            }
            // the sent word is a parameter, never part of a template: "{x}" or "${x}" in it stay text
            var hibernate = context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("allowed", listed);
            if (value == null) {
                hibernate.disableDefaultConstraintViolation();
                hibernate.buildConstraintViolationWithTemplate(REQUIRED).addConstraintViolation();
            } else {
                hibernate.addMessageParameter("rejected", value);
            }
            return false;
        }
    }
}
