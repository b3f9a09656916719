package io.releasecontrol.metrics.policy;

import io.releasecontrol.metrics.config.MetricsProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps this instance's policies equal to the stored ones: loads them at start and reloads every
 * {@code rc.metrics.rules-refresh}, as the rules are, so a change made through another instance
 * reaches this one.
 */
@Component
class PolicySync {

    private static final Logger log = LoggerFactory.getLogger(PolicySync.class);

    private final PolicyRepository repository;
    private final AnalysisPolicies policies;
    private final MetricsProperties properties;

    PolicySync(PolicyRepository repository, AnalysisPolicies policies, MetricsProperties properties) {
        this.repository = repository;
        this.policies = policies;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        refresh();
    }

    @Scheduled(fixedDelayString = "${rc.metrics.rules-refresh:PT10S}", initialDelayString = "${rc.metrics.rules-refresh:PT10S}")
    void refresh() {
        repository.findAll(properties.retention()).collectList().doOnNext(policies::replaceAll).then()
                .onErrorResume(e -> {
                    log.warn("could not reload analysis policies, keeping the current ones: {}", e.getMessage());
                    return Mono.empty();
                }).block(Duration.ofSeconds(30));
    }
}
