package io.releasecontrol.metrics.rules;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.analysis.MetricRuleChanged;
import io.releasecontrol.metrics.alert.AlertEvents;
import io.releasecontrol.metrics.evaluation.Rule;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Publishes {@link MetricRuleChanged} on {@code rc.analysis} (the audit trail, and how the other
 * instances learn of the change at once) with the idempotent, acks=all producer alert events use;
 * the API answers once the broker acknowledged it.
 */
@Component
class RuleEvents {

    private static final Logger log = LoggerFactory.getLogger(RuleEvents.class);

    private final KafkaTemplate<String, Object> kafka;

    RuleEvents(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    Mono<Void> publish(MetricRuleChanged event) {
        EventEnvelope<MetricRuleChanged> envelope = EventEnvelope.of(AlertEvents.SOURCE, event);
        return Mono.fromFuture(() -> kafka.send(Topics.ANALYSIS, envelope.key(), envelope))
                .doOnNext(r -> log.info("rule {} {} by {} (event {})", event.ruleId(), event.change(), event.actor(),
                        envelope.id()))
                .then();
    }

    static MetricRuleChanged changed(Rule rule, boolean created, String actor, Instant at) {
        return new MetricRuleChanged(rule.id(), actor, created ? MetricRuleChanged.CREATED : MetricRuleChanged.REPLACED,
                new MetricRuleChanged.Rule(rule.metricName(), rule.comparator().symbol(), rule.threshold(), rule.window(),
                        rule.action().wire(), rule.mode().wire(), rule.enabled()), at);
    }
}
