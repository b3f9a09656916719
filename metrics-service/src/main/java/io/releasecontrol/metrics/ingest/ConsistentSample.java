package io.releasecontrol.metrics.ingest;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * What a sample's fields say together: it measures something (one measurement at least; an empty
 * {@code custom} is none, as the event drops it), and its errors and 5xx are counted among its requests (errors need
 * requests; neither exceeds them). Each failure is reported on the field to fix.
 */
@Documented
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = ConsistentSample.Validator.class)
public @interface ConsistentSample {

    String message() default "is not consistent";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<ConsistentSample, SampleRequest> {

        @Override
        public boolean isValid(SampleRequest s, ConstraintValidatorContext context) {
            boolean valid = true;
            if (s.errors() != null && s.requests() == null) {
                valid = fail(context, "requests", "is required when errors is given", valid);
            }
            if (s.errors() != null && s.requests() != null && s.errors() > s.requests()) {
                valid = fail(context, "errors", "must not exceed requests", valid);
            }
            if (s.http5xx() != null && s.requests() != null && s.http5xx() > s.requests()) {
                valid = fail(context, "http5xx", "must not exceed requests", valid);
            }
            if (s.requests() == null && s.errors() == null && s.http5xx() == null && s.latencyP95Ms() == null
                    && s.cpu() == null && s.memory() == null && s.activeUsers() == null && (s.custom() == null || s.custom().isEmpty())) {
                valid = fail(context, "requests", "a sample needs at least one measurement", valid);
            }
            return valid;
        }

        // fixed texts, no sent value: safe as templates
        private static boolean fail(ConstraintValidatorContext context, String field, String message, boolean valid) {
            if (valid) {
                context.disableDefaultConstraintViolation();
            }
            context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
            return false;
        }
    }
}
