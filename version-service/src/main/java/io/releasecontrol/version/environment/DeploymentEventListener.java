package io.releasecontrol.version.environment;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.deployment.DeployApprovalRequested;
import io.releasecontrol.events.deployment.DeployApproved;
import io.releasecontrol.events.deployment.DeployCancelled;
import io.releasecontrol.events.deployment.DeployFailed;
import io.releasecontrol.events.deployment.DeployProgressed;
import io.releasecontrol.events.deployment.DeployRejected;
import io.releasecontrol.events.deployment.DeployRequested;
import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.deployment.DeployStepAnalysed;
import io.releasecontrol.events.deployment.DeploySucceeded;
import io.releasecontrol.events.deployment.DeploymentEvent;
import io.releasecontrol.events.deployment.MaintenanceModeChanged;
import io.releasecontrol.events.deployment.TrafficShifted;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import io.releasecontrol.runtime.inbox.OnceConsumer;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import java.util.Set;
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
    /** Nothing the registry keeps: a run's start, progress, approvals, gates and maintenance change no current version. */
    static final Set<Class<? extends DeploymentEvent>> IGNORED = Set.of(DeployStarted.class, DeployProgressed.class,
            DeployApprovalRequested.class, DeployApproved.class, DeployRejected.class, DeployStepAnalysed.class,
            MaintenanceModeChanged.class);

    private final OnceConsumer inbox;
    private final DeploymentOutcomes outcomes;

    DeploymentEventListener(ProcessedEvents processed, DeploymentOutcomes outcomes) {
        this.inbox = new OnceConsumer(processed, CONSUMER);
        this.outcomes = outcomes;
    }

    @KafkaListener(topics = Topics.DEPLOYMENTS, groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        EventEnvelope<RcEvent> envelope = record.value();
        DeploymentEvent event = OnceConsumer.eventOf(record, DeploymentEvent.class, "a deployment event");
        Mono<Void> action = null;
        if (event instanceof DeployRequested e) {
            action = outcomes.requested(e);
        } else if (event instanceof DeploySucceeded e) {
            action = outcomes.succeeded(envelope, e);
        } else if (event instanceof DeployFailed e) {
            action = outcomes.failed(envelope, e);
        } else if (event instanceof DeployCancelled e) {
            action = outcomes.cancelled(envelope, e);
        } else if (event instanceof TrafficShifted e) {
            // a shift to 0 %: a finished blue-green deployment switched back; a shift during a run changes nothing kept
            action = e.newPercent() == 0 ? outcomes.switchedBack(envelope, e) : null;
        } else if (!IGNORED.contains(event.getClass())) {
            throw new UnhandledSubtypeException(DeploymentEvent.class, event);
        }
        if (action != null) {
            inbox.run(record, envelope, action);
        }
    }
}
