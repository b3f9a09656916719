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
import java.util.UUID;

/** A text that {@link UUID#fromString(String)} reads: an id such as {@code 3f2a9c1e-...}. Absent is fine. */
@Documented
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = Uuid.Validator.class)
public @interface Uuid {

    String message() default "must be a UUID, got '{rejected}'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator extends ParsedText<Uuid> {

        @Override
        void parse(String text) {
            UUID.fromString(text);
        }
    }
}
