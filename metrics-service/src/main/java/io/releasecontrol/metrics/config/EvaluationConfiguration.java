package io.releasecontrol.metrics.config;

import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.SeedRules;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one in-memory rule engine of this instance (seed rules until the stored ones load). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
class EvaluationConfiguration {

    @Bean
    Evaluator evaluator(MetricsProperties properties) {
        return new Evaluator(properties.evaluation(), SeedRules.all());
    }
}
