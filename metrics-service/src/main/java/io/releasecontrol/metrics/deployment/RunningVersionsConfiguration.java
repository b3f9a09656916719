package io.releasecontrol.metrics.deployment;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;

/**
 * The listener container of {@link DeploymentListener}: the service's settings, but a record it
 * cannot read is logged and skipped instead of retried and dead-lettered (see there why).
 */
@Configuration(proxyBeanMethods = false)
class RunningVersionsConfiguration {

    static final String CONTAINER_FACTORY = "runningVersionsContainerFactory";

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> runningVersionsContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumers);
        factory.setCommonErrorHandler(new CommonLoggingErrorHandler());
        return factory;
    }
}
