package io.releasecontrol.metrics.storage;

import io.micrometer.core.instrument.MeterRegistry;
import io.releasecontrol.metrics.config.MetricsProperties;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This instance's sample write-behind, sized by {@code rc.metrics.store-*}. */
@Configuration(proxyBeanMethods = false)
class SampleWriterConfiguration {

    @Bean
    SampleWriter sampleWriter(SampleStore store, MetricsProperties properties, MeterRegistry meters) {
        // a failed flush is first retried after 200 ms, then with back-off
        return new SampleWriter(store, properties.storeMaxPending(), properties.storeMaxFlush(),
                properties.storeLinger(), Duration.ofMillis(200), meters);
    }
}
