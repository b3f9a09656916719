package io.releasecontrol.metrics.policy;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.analysis.AnalysisEvent;
import io.releasecontrol.events.analysis.AnalysisPolicyChanged;
import io.releasecontrol.events.analysis.MetricRuleChanged;
import io.releasecontrol.metrics.config.BroadcastListenerConfiguration;
import io.releasecontrol.metrics.rules.RuleSync;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies a policy or global-rule change made through any instance at once: every instance reads
 * {@code rc.analysis} in a consumer group of its own and reloads its policies (or its rules) from
 * the store when a change arrives (the event is published after the write, so the reload sees it).
 * With several instances the target's samples are evaluated by its partition's owner, which is
 * seldom the instance that took the write; without this the owner would use the old policy or rule
 * until its next periodic reload ({@code rc.metrics.rules-refresh}), which stays as the fallback for
 * a missed event. Starts at the end of the topic: policies and rules are loaded whole at start, so
 * older events have nothing to add.
 */
@Component
class AnalysisChangeListener {

    private static final Logger log = LoggerFactory.getLogger(AnalysisChangeListener.class);

    private final AnalysisPolicies policies;
    private final RuleSync rules;

    AnalysisChangeListener(AnalysisPolicies policies, RuleSync rules) {
        this.policies = policies;
        this.rules = rules;
    }

    @KafkaListener(id = "analysis-changes", idIsGroup = false, topics = Topics.ANALYSIS,
            groupId = "${spring.application.name}.analysis-changes.${random.uuid}",
            properties = "auto.offset.reset=latest",
            containerFactory = BroadcastListenerConfiguration.CONTAINER_FACTORY)
    void on(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        RcEvent event = record.value() == null ? null : record.value().data();
        if (event instanceof AnalysisPolicyChanged change) {
            log.debug("policy of {}:{} {} by {}: reloading", change.application(), change.environment(), change.change(),
                    change.actor());
            policies.reload();
        } else if (event instanceof MetricRuleChanged change) {
            log.debug("rule {} {} by {}: reloading the rules", change.ruleId(), change.change(), change.actor());
            rules.refresh();
        } else if (event instanceof AnalysisEvent other) {
            throw new UnhandledSubtypeException(AnalysisEvent.class, other); // logged and skipped by the container
        } else {
            log.warn("skipping {}-{}@{} (key {}): not a readable analysis event", record.topic(),
                    record.partition(), record.offset(), record.key());
        }
    }
}
