package io.releasecontrol.metrics.ingest;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.releasecontrol.runtime.validation.FieldMessages;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/** A name a sample carries, matching its {@link Kind}'s pattern. Missing or blank is "is required". */
@Documented
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = SampleName.Validator.class)
public @interface SampleName {

    Kind value();

    // the pattern as a message parameter: its braces and backslash are no template
    String message() default "must match {regexp}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** What is named, with its pattern; checked char by char, as a regex took 5 % of the Kafka consumer. */
    enum Kind {
        /** lower-case letters, digits and '-' (not first), 2 to 63 characters */
        APPLICATION("^[a-z0-9][a-z0-9-]{1,62}$"),
        /** the same from 1 character */
        ENVIRONMENT("^[a-z0-9][a-z0-9-]{0,62}$"),
        /**
         * a version or an instance: 1 to 128 code points, no white space (what {@code \s} means in a Java
         * regex: space, \t, \n, \x0B, \f, \r) and no ':', which separates a target key's parts
         */
        TOKEN("^[^\\s:]{1,128}$");

        private final String regexp;

        Kind(String regexp) {
            this.regexp = regexp;
        }

        public String regexp() {
            return regexp;
        }

        /** Whether {@code value} matches the pattern. */
        public boolean matches(String value) {
            return this == TOKEN ? isToken(value) : isName(value, this == APPLICATION ? 2 : 1);
        }

        private static boolean isName(String value, int min) {
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

        private static boolean isToken(String value) {
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
    }

    final class Validator implements ConstraintValidator<SampleName, String> {

        private Kind kind;

        @Override
        public void initialize(SampleName constraint) {
            kind = constraint.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            boolean missing = value == null || value.isBlank();
            if (!missing && kind.matches(value)) {
                return true;
            }
            var hibernate = context.unwrap(HibernateConstraintValidatorContext.class);
            if (missing) {
                hibernate.disableDefaultConstraintViolation();
                hibernate.buildConstraintViolationWithTemplate(FieldMessages.REQUIRED).addConstraintViolation();
            } else {
                hibernate.addMessageParameter("regexp", kind.regexp());
            }
            return false;
        }
    }
}
