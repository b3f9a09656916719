package io.releasecontrol.metrics.config;

import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.SeedRules;
import io.releasecontrol.metrics.storage.SampleStore;
import io.releasecontrol.metrics.storage.SampleWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one in-memory rule engine of this instance (seed rules until the stored ones load) and its sample write-behind. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
class EvaluationConfiguration {

    @Bean
    Evaluator evaluator(MetricsProperties properties) {
        return new Evaluator(properties.evaluation(), SeedRules.all());
    }

    @Bean
    SampleWriter sampleWriter(SampleStore store, MetricsProperties properties, MeterRegistry meters) {
        return new SampleWriter(store, properties.storeMaxPending(), properties.storeMaxFlush(),
                properties.storeLinger(), Duration.ofMillis(200), meters);
    }
}
