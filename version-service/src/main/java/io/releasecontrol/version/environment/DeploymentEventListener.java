package io.releasecontrol.version.environment;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.deployment.DeployCancelled;
import io.releasecontrol.events.deployment.DeployFailed;
import io.releasecontrol.events.deployment.DeployRequested;
import io.releasecontrol.events.deployment.DeploySucceeded;
import io.releasecontrol.events.deployment.TrafficShifted;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Consumes {@code rc.deployments}. Each event is applied once (ProcessedEvents, by event id) in one
 * transaction with the state change and the events it publishes; a failure is retried and then
 * dead-lettered by the shared error handler.
 */
@Component
class DeploymentEventListener {

    static final String CONSUMER = "version-service.deployments";
    /** Listener threads are Kafka container threads, not event loops: waiting for the transaction is fine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ProcessedEvents processed;
    private final DeploymentOutcomes outcomes;

    DeploymentEventListener(ProcessedEvents processed, DeploymentOutcomes outcomes) {
        this.processed = processed;
        this.outcomes = outcomes;
    }

    @KafkaListener(topics = Topics.DEPLOYMENTS, groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        EventEnvelope<RcEvent> envelope = record.value();
        RcEvent event = envelope.data();
        Mono<Void> action = null; // started, progress, traffic during a run, maintenance: nothing the registry keeps
        if (event instanceof DeployRequested e) {
            action = outcomes.requested(e);
        } else if (event instanceof DeploySucceeded e) {
            action = outcomes.succeeded(envelope, e);
        } else if (event instanceof DeployFailed e) {
            action = outcomes.failed(envelope, e);
        } else if (event instanceof DeployCancelled e) {
            action = outcomes.cancelled(envelope, e);
        } else if (event instanceof TrafficShifted e && e.newPercent() == 0) {
            action = outcomes.switchedBack(envelope, e); // a finished blue-green deployment switched back
        }
        if (action != null) {
            processed.processOnce(CONSUMER, record, envelope, action).block(TIMEOUT);
        }
    }
}
