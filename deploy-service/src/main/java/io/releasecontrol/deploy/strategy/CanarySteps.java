package io.releasecontrol.deploy.strategy;

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
import java.util.List;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * Steps a {@link CanaryPlan} can take: percentages 1..100, strictly increasing, ending at 100. The message
 * is {@link CanaryPlan#problemWith(List)}'s ("the last step must be 100, got 50"). Absent is fine: the
 * plan's default steps.
 */
@Documented
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = CanarySteps.Validator.class)
public @interface CanarySteps {

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<CanarySteps, List<Integer>> {

        @Override
        public boolean isValid(List<Integer> steps, ConstraintValidatorContext context) {
            String problem = steps == null ? null : CanaryPlan.problemWith(steps);
            if (problem == null) {
                return true;
            }
            // the problem quotes the sent steps: a parameter, never part of a template
            context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("problem", problem);
            return false;
        }
    }
}
