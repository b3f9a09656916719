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
import java.time.Instant;

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

    final class Validator extends ParsedText<IsoInstant> {

        @Override
        void parse(String text) {
            Instant.parse(text);
        }
    }
}
