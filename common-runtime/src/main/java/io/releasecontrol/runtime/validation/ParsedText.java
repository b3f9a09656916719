package io.releasecontrol.runtime.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.lang.annotation.Annotation;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * The validator of a constraint "a text that a parser reads" ({@link IsoDate}, {@link Uuid}, ...): absent is
 * fine, a text the parser refuses is invalid, and the message shows it as {@code {rejected}}.
 */
abstract class ParsedText<A extends Annotation> implements ConstraintValidator<A, String> {

    /** Reads {@code text}, throwing what the parser throws for a text it cannot read. */
    abstract void parse(String text);

    @Override
    public final boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        try {
            parse(value);
            return true;
        } catch (RuntimeException e) {
            // a parameter, never part of the template: the sent text is shown as it is
            context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("rejected", value);
            return false;
        }
    }
}
