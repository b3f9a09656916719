package io.releasecontrol.runtime.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Asks the broker for its cluster id once the service is ready, instead of at the first record:
 * with observation on (RcDefaultsEnvironmentPostProcessor), a listener's first record and a
 * template's first send need the id, and {@link KafkaAdmin} fetches it then with an admin client of
 * its own — 150–200 ms on a busy 2-core machine, paid by the first command after a start (measured
 * on the partial rollback's path, issue 23). {@code KafkaAdmin} keeps the id once it has it.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaAdmin.class)
public class KafkaWarmUpAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaWarmUpAutoConfiguration.class);

    @Bean
    ApplicationListener<ApplicationReadyEvent> rcKafkaClusterIdWarmUp(ObjectProvider<KafkaAdmin> admin) {
        return event -> admin.ifUnique(a -> {
            // off the caller's thread: a broker still starting must not hold the service's readiness
            Thread t = new Thread(() -> {
                try {
                    log.debug("kafka cluster id {} fetched at start", a.clusterId());
                } catch (RuntimeException e) {
                    log.debug("kafka cluster id not fetched at start (the first record fetches it): {}", e.toString());
                }
            }, "rc-kafka-warm-up");
            t.setDaemon(true);
            t.start();
        });
    }
}
