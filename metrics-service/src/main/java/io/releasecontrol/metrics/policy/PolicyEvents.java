package io.releasecontrol.metrics.policy;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.analysis.AnalysisPolicyChanged;
import io.releasecontrol.metrics.alert.AlertEvents;
import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.gate.GateSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Publishes {@link AnalysisPolicyChanged} on {@code rc.analysis} with the idempotent, acks=all
 * producer alert events use; the API answers once the broker acknowledged it.
 */
@Component
class PolicyEvents {

    private static final Logger log = LoggerFactory.getLogger(PolicyEvents.class);

    private final KafkaTemplate<String, Object> kafka;

    PolicyEvents(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    Mono<Void> publish(AnalysisPolicyChanged event) {
        EventEnvelope<AnalysisPolicyChanged> envelope = EventEnvelope.of(AlertEvents.SOURCE, event);
        return Mono.fromFuture(() -> kafka.send(Topics.ANALYSIS, envelope.key(), envelope))
                .doOnNext(r -> log.info("analysis policy of {} {} by {} (event {})", envelope.subject(),
                        event.change(), event.actor(), envelope.id()))
                .then();
    }

    /** The event of a change: {@code policy} is the policy after it, null once deleted. */
    static AnalysisPolicyChanged changed(String application, String environment, AnalysisPolicy policy,
            String change, String actor, Instant at) {
        List<AnalysisPolicyChanged.PolicyRule> rules = new ArrayList<>();
        if (policy != null) {
            policy.disabled().forEach(id -> rules.add(new AnalysisPolicyChanged.PolicyRule(id, null, false)));
            for (Rule r : policy.rules()) {
                rules.add(new AnalysisPolicyChanged.PolicyRule(r.id(), r.mode().wire(), r.enabled()));
            }
        }
        GateSettings g = policy == null ? null : policy.gate();
        return new AnalysisPolicyChanged(application, environment, actor, change, rules, g == null ? null
                : new AnalysisPolicyChanged.Gate(g.minRequests(), g.minIntervals(), g.maxWait(), g.onTimeout().wire(),
                g.bake()), at);
    }
}
