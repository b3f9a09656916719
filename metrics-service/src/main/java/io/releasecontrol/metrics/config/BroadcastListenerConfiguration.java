package io.releasecontrol.metrics.config;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;

/**
 * The listener container of the views every instance keeps whole (each in a consumer group of its
 * own, so each instance sees every partition): the running versions and the policy changes. The
 * service's settings, but a record such a view cannot read is logged and skipped instead of retried
 * and dead-lettered: the topic's own consumers dead-letter it once, and every instance of every
 * restart would send it again.
 */
@Configuration(proxyBeanMethods = false)
public class BroadcastListenerConfiguration {

    public static final String CONTAINER_FACTORY = "broadcastContainerFactory";

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> broadcastContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumers);
        factory.setCommonErrorHandler(new CommonLoggingErrorHandler());
        return factory;
    }
}
