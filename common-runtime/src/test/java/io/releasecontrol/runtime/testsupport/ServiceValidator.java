package io.releasecontrol.runtime.testsupport;

import jakarta.validation.Validator;
import org.springframework.boot.validation.MessageInterpolatorFactory;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/**
 * The {@link Validator} a service gets from Spring Boot — Hibernate Validator behind Spring's
 * {@code LocalValidatorFactoryBean}, messages through Boot's interpolator and a message source — so a
 * test of constraints sees the messages a client would, without starting a context.
 */
public final class ServiceValidator {

    private static Validator validator;

    private ServiceValidator() {
    }

    public static synchronized Validator get() {
        if (validator == null) {
            var factory = new LocalValidatorFactoryBean();
            factory.setMessageInterpolator(new MessageInterpolatorFactory(new StaticMessageSource()).getObject());
            factory.afterPropertiesSet();
            validator = factory;
        }
        return validator;
    }
}
