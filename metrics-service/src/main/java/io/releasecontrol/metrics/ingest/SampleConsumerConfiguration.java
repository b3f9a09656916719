package io.releasecontrol.metrics.ingest;

import io.releasecontrol.metrics.ownership.PartitionOwnership;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The listener container of {@link SampleListener}: the service's settings (manual acknowledgement,
 * dead letters) plus {@link PartitionOwnership} as its rebalance listener, which rebuilds a newly
 * assigned partition's state before its new samples are evaluated.
 */
@Configuration(proxyBeanMethods = false)
class SampleConsumerConfiguration {

    static final String FACTORY = "metricSamplesContainerFactory";

    @Bean(FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> metricSamplesContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            PartitionOwnership ownership) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumers);
        factory.getContainerProperties().setConsumerRebalanceListener(ownership.listener());
        return factory;
    }
}
