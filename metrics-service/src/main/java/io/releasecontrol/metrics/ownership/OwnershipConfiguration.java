package io.releasecontrol.metrics.ownership;

import io.micrometer.core.instrument.MeterRegistry;
import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.runtime.instance.InstanceId;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/** Partition ownership: its rebuild, where it is recorded, and the reads forwarded to the owner. */
@Configuration(proxyBeanMethods = false)
class OwnershipConfiguration {

    @Bean
    SelfAddress selfAddress(MetricsProperties properties, InstanceId instance) {
        return new SelfAddress(properties.advertisedUrl(), instance.value());
    }

    @Bean
    PartitionOwners partitionOwners(ReactiveMongoTemplate mongo, SelfAddress self) {
        return new PartitionOwners(mongo, self);
    }

    @Bean
    PartitionOwnership partitionOwnership(Evaluator evaluator, PartitionOwners owners, MetricsProperties properties,
            MeterRegistry meters) {
        return new PartitionOwnership(evaluator, owners, properties.rebuildHorizon(), Clock.systemUTC(), meters);
    }

    @Bean
    TargetPartitions targetPartitions(KafkaTemplate<String, Object> kafka) {
        return new TargetPartitions(kafka);
    }

    @Bean
    OwnedTargets ownedTargets(TargetPartitions partitions, PartitionOwnership ownership) {
        return (application, environment) -> partitions.partitionOf(io.releasecontrol.events.TargetKey.of(application,
                environment)).map(ownership::owns);
    }

    @Bean
    OwnerForwardingWebFilter ownerForwardingWebFilter(PartitionOwnership ownership, PartitionOwners owners,
            TargetPartitions partitions, SelfAddress self) {
        return new OwnerForwardingWebFilter(ownership, owners, partitions, self, WebClient.builder());
    }
}
