package io.releasecontrol.runtime.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintDeclarationException;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * No two records of a list share the same values of the named components ({@code id} of a migration;
 * {@code endpoint} and {@code kind} of an API change). Each repeat is reported on the first named
 * component of the repeating element ({@code migrations[1].id}); the message can show every named
 * component as a parameter: {@code "repeats migration id '{id}'"}. Null elements, and elements whose
 * named components are all absent, repeat nothing.
 */
@Documented
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = Unique.Validator.class)
public @interface Unique {

    /** Record components that together identify an element; the first is the field a repeat is reported on. */
    String[] value();

    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<Unique, List<?>> {

        // accessors per element class and component names, found once
        private static final Map<List<Object>, List<Method>> ACCESSORS = new ConcurrentHashMap<>();

        private List<String> names;

        @Override
        public void initialize(Unique constraint) {
            names = List.of(constraint.value());
        }

        @Override
        public boolean isValid(List<?> elements, ConstraintValidatorContext context) {
            if (elements == null) {
                return true;
            }
            boolean valid = true;
            Set<List<Object>> seen = new HashSet<>();
            for (int i = 0; i < elements.size(); i++) {
                Object element = elements.get(i);
                List<Object> key = element == null ? null : values(element);
                if (key == null || key.stream().allMatch(v -> v == null) || seen.add(key)) {
                    continue;
                }
                if (valid) {
                    context.disableDefaultConstraintViolation();
                    valid = false;
                }
                // sent values are parameters, never part of the template: "{x}" or "${x}" in them stay text
                var hibernate = context.unwrap(HibernateConstraintValidatorContext.class);
                for (int n = 0; n < names.size(); n++) {
                    hibernate.addMessageParameter(names.get(n), String.valueOf(key.get(n)));
                }
                hibernate.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                        .addPropertyNode(names.get(0)).inIterable().atIndex(i)
                        .addConstraintViolation();
            }
            return valid;
        }

        private List<Object> values(Object element) {
            List<Method> accessors = ACCESSORS.computeIfAbsent(List.of(element.getClass(), names),
                    k -> accessors(element.getClass()));
            List<Object> values = new ArrayList<>(accessors.size());
            for (Method accessor : accessors) {
                try {
                    values.add(accessor.invoke(element));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + accessor + " of " + element.getClass(), e);
                }
            }
            return values;
        }

        private List<Method> accessors(Class<?> type) {
            if (!type.isRecord()) {
                throw new ConstraintDeclarationException("@Unique needs a list of records, not of " + type.getName());
            }
            return names.stream().map(name -> Arrays.stream(type.getRecordComponents())
                    .filter(c -> c.getName().equals(name)).findFirst()
                    .map(RecordComponent::getAccessor)
                    .map(m -> {
                        m.setAccessible(true);
                        return m;
                    })
                    .orElseThrow(() -> new ConstraintDeclarationException(type.getName() + " has no component " + name)))
                    .toList();
        }
    }
}
