package io.releasecontrol.metrics.policy;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.analysis.AnalysisPolicyChanged;
import io.releasecontrol.metrics.config.BroadcastListenerConfiguration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies a policy change made through any instance at once: every instance reads {@code
 * rc.analysis} in a consumer group of its own and reloads its policies from the store when a change
 * arrives (the event is published after the write, so the reload sees it). With several instances
 * the target's samples are evaluated by its partition's owner, which is seldom the instance that took
 * the write; without this the owner would use the old policy until its next periodic reload
 * ({@code rc.metrics.rules-refresh}), which stays as the fallback for a missed event. Starts at the
 * end of the topic: the policies are loaded whole at start, so older events have nothing to add.
 */
@Component
class PolicyChangeListener {

    private static final Logger log = LoggerFactory.getLogger(PolicyChangeListener.class);

    private final AnalysisPolicies policies;

    PolicyChangeListener(AnalysisPolicies policies) {
        this.policies = policies;
    }

    @KafkaListener(id = "policy-changes", idIsGroup = false, topics = Topics.ANALYSIS,
            groupId = "${spring.application.name}.policy-changes.${random.uuid}",
            properties = "auto.offset.reset=latest",
            containerFactory = BroadcastListenerConfiguration.CONTAINER_FACTORY)
    void on(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        EventEnvelope<RcEvent> envelope = record.value();
        if (envelope != null && envelope.data() instanceof AnalysisPolicyChanged change) {
            log.debug("policy of {}:{} {} by {}: reloading", change.application(), change.environment(), change.change(),
                    change.actor());
            policies.reload();
        } else {
            log.warn("skipping {}-{}@{} (key {}): not a readable analysis policy event", record.topic(),
                    record.partition(), record.offset(), record.key());
        }
    }
}
