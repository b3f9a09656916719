package io.releasecontrol.version.semver;

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
 * A text {@link SemanticVersion#parse(String)} reads; the message is the parser's, saying what exactly is
 * wrong ("drop the leading 'v'"). Absent is fine: {@code @NotBlank} says whether it is required.
 */
@Documented
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = SemVer.Validator.class)
public @interface SemVer {

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<SemVer, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            try {
                SemanticVersion.parse(value);
                return true;
            } catch (InvalidVersionException e) {
                // the parser's message quotes the sent text: a parameter, so "{x}" or "${x}" in it stay text
                context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("problem", e.getMessage());
                return false;
            }
        }
    }
}
