package io.releasecontrol.runtime.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.LocalDate;

/** A text that {@link LocalDate#parse(CharSequence)} reads: {@code 2026-03-01}. Absent is fine. */
@Documented
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = IsoDate.Validator.class)
public @interface IsoDate {

    String message() default "must be an ISO-8601 date such as 2026-03-01 (got '{rejected}')";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator extends ParsedText<IsoDate> {

        @Override
        void parse(String text) {
            LocalDate.parse(text);
        }
    }
}
