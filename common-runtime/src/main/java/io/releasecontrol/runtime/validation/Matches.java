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
import java.util.regex.Pattern;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * A text the whole of which matches a regular expression, like {@code @Pattern}, but the message names
 * the expression and what was sent: {@code must match ^[a-z0-9][a-z0-9-]{1,62}$, got 'Shop'}. Both reach
 * the message as parameters, so braces in either stay text. Absent is fine unless {@link #required()}.
 */
@Documented
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = Matches.Validator.class)
public @interface Matches {

    /** The regular expression. */
    String value();

    /** Absent is an error too ("must match ..., got nothing"). */
    boolean required() default false;

    String message() default "must match {regexp}, got '{rejected}'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<Matches, String> {

        private static final String MISSING = "must match {regexp}, got nothing";

        private Pattern pattern;
        private boolean required;

        @Override
        public void initialize(Matches constraint) {
            pattern = Pattern.compile(constraint.value());
            required = constraint.required();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null ? !required : pattern.matcher(value).matches()) {
                return true;
            }
            var hibernate = context.unwrap(HibernateConstraintValidatorContext.class)
                    .addMessageParameter("regexp", pattern.pattern());
            if (value == null) {
                hibernate.disableDefaultConstraintViolation();
                hibernate.buildConstraintViolationWithTemplate(MISSING).addConstraintViolation();
            } else {
                hibernate.addMessageParameter("rejected", value);
            }
            return false;
        }
    }
}
