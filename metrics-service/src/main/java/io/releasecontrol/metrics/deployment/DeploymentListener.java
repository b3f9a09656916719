package io.releasecontrol.metrics.deployment;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.deployment.DeploymentEvent;
import io.releasecontrol.metrics.config.BroadcastListenerConfiguration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads {@code rc.deployments} from its beginning into {@link RunningVersions}, at every start: the
 * consumer group is new each time ({@code random.uuid}), so with the shared
 * {@code auto-offset-reset: earliest} it starts at the oldest retained event of every partition and
 * sees every partition (each instance needs every target's versions). It never commits an offset
 * (its container acknowledges manually and it does not), so nothing is left behind but an empty
 * group the broker forgets. The replay is bounded by the topic's retention and cheap: a fold of
 * small events into at most two names per target. Per-partition order (key =
 * {@code application:environment}) plus the deployments' sequence numbers make it exact, and a
 * redelivered event changes nothing (the fold is idempotent), so no processed-events record is needed.
 * <p>
 * An event it cannot read, or one of another family, is logged and skipped, not dead-lettered
 * ({@link BroadcastListenerConfiguration}): the topic's other consumers (version-service,
 * rollback-orchestrator) dead-letter it once, and this replaying view would send it again at every start.
 */
@Component
class DeploymentListener {

    private static final Logger log = LoggerFactory.getLogger(DeploymentListener.class);

    private final RunningVersions versions;

    DeploymentListener(RunningVersions versions) {
        this.versions = versions;
    }

    @KafkaListener(id = "deployment-versions", idIsGroup = false, topics = Topics.DEPLOYMENTS,
            groupId = "${spring.application.name}.running-versions.${random.uuid}",
            containerFactory = BroadcastListenerConfiguration.CONTAINER_FACTORY)
    void on(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        EventEnvelope<RcEvent> envelope = record.value();
        if (envelope != null && envelope.data() instanceof DeploymentEvent event) {
            versions.apply(event);
        } else {
            log.warn("skipping {}-{}@{} (key {}): not a readable deployment event", record.topic(), record.partition(),
                    record.offset(), record.key());
        }
    }
}
