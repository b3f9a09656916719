package io.releasecontrol.metrics.rules;

import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.evaluation.SeedRules;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps the engine's rules equal to the stored ones: seeds the runbook's rules on first start, loads
 * them, reloads them when another instance announces a change on {@code rc.analysis}, and every
 * {@code rc.metrics.rules-refresh} in case such an event was missed.
 */
@Component
public class RuleSync {

    private static final Logger log = LoggerFactory.getLogger(RuleSync.class);

    private final RuleRepository repository;
    private final Evaluator evaluator;
    private final MetricsProperties properties;

    RuleSync(RuleRepository repository, Evaluator evaluator, MetricsProperties properties) {
        this.repository = repository;
        this.evaluator = evaluator;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seedAndLoad() {
        repository.seed(SeedRules.all()).then(reload()).block(Duration.ofSeconds(30));
    }

    /** Loads the stored rules now; on failure keeps the current ones (the next refresh tries again). */
    @Scheduled(fixedDelayString = MetricsProperties.RULES_REFRESH, initialDelayString = MetricsProperties.RULES_REFRESH)
    public void refresh() {
        reload().onErrorResume(e -> {
            log.warn("could not reload rules, keeping the current ones: {}", e.getMessage());
            return Mono.empty();
        }).block(Duration.ofSeconds(30));
    }

    Mono<Void> reload() {
        return repository.findAll(properties.retention()).collectList().doOnNext(this::apply).then();
    }

    void apply(List<Rule> rules) {
        if (!rules.equals(evaluator.rules())) {
            log.info("rules from {} -> {}", evaluator.rules().stream().map(Rule::id).toList(),
                    rules.stream().map(Rule::id).toList());
            evaluator.rules(rules);
        }
    }
}
