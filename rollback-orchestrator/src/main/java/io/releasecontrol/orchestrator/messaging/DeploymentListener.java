package io.releasecontrol.orchestrator.messaging;

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
import io.releasecontrol.orchestrator.OrchestratorProperties;
import io.releasecontrol.orchestrator.deployment.DeploymentStates;
import io.releasecontrol.orchestrator.saga.SagaInput;
import io.releasecontrol.orchestrator.saga.SagaService;
import io.releasecontrol.orchestrator.target.LastGoodCache;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import io.releasecontrol.runtime.inbox.OnceConsumer;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code rc.deployments}: keeps the targets' deployment state and the last-good cache, and moves
 * the target's saga on (deployment requested/ended, traffic shifted, maintenance changed) — all in
 * one transaction per event, once per event id.
 */
@Component
class DeploymentListener {

    static final String CONSUMER = "rollback-orchestrator.deployments";
    /** Nothing a saga waits for: it acts on requests, shifts, ends and maintenance, not on a run's start, progress or gates. */
    static final Set<Class<? extends DeploymentEvent>> NO_SAGA_INPUT = Set.of(DeployStarted.class,
            DeployProgressed.class, DeployApprovalRequested.class, DeployApproved.class, DeployRejected.class,
            DeployStepAnalysed.class);

    private final OnceConsumer inbox;
    private final DeploymentStates states;
    private final LastGoodCache cache;
    private final SagaService sagas;

    DeploymentListener(ProcessedEvents processed, DeploymentStates states, LastGoodCache cache, SagaService sagas) {
        this.inbox = new OnceConsumer(processed, CONSUMER);
        this.states = states;
        this.cache = cache;
        this.sagas = sagas;
    }

    @KafkaListener(topics = Topics.DEPLOYMENTS, groupId = "${spring.application.name}",
            concurrency = OrchestratorProperties.LISTENER_CONCURRENCY)
    void on(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        EventEnvelope<RcEvent> envelope = record.value();
        DeploymentEvent event = OnceConsumer.eventOf(record, DeploymentEvent.class, "a deployment event");
        Instant at = envelope.time() == null ? Instant.now() : envelope.time();
        Mono<?> action = states.apply(event, at)
                .then(lastGood(event, at))
                .then(Mono.justOrEmpty(input(event, at))
                        .flatMap(in -> sagas.advance(event.application(), event.environment(), in, envelope.id())));
        inbox.run(record, envelope, action);
    }

    private Mono<Void> lastGood(DeploymentEvent event, Instant at) {
        if (event instanceof TrafficShifted t && t.newPercent() == 0 && t.stableVersion() != null) {
            // a finished blue-green deployment switched back: its version is rolled back, the old colour's runs
            return states.finishedBlueGreen(t.deploymentId()).filter(Boolean::booleanValue)
                    .flatMap(yes -> cache.good(t.application(), t.environment(), t.stableVersion(), at)
                            .then(cache.bad(t.application(), t.environment(), t.newVersion(), at)));
        }
        if (!(event instanceof DeploySucceeded s)) {
            return Mono.empty();
        }
        Instant when = s.completedAt() == null ? at : s.completedAt();
        Mono<Void> good = cache.good(s.application(), s.environment(), s.version(), when);
        // a rollback's success makes the version it replaced bad there
        return s.rollbackOf() != null && s.previousVersion() != null && !s.previousVersion().equals(s.version())
                ? good.then(cache.bad(s.application(), s.environment(), s.previousVersion(), when)) : good;
    }

    /** What the event means to a saga; null when nothing ({@link #NO_SAGA_INPUT}). */
    static SagaInput input(DeploymentEvent event, Instant at) {
        if (event instanceof DeployRequested r) {
            return new SagaInput.DeploymentRequested(r.deploymentId(), r.sagaId(), r.rollbackOf(), at);
        } else if (event instanceof TrafficShifted t) {
            return new SagaInput.TrafficMoved(t.deploymentId(), t.newPercent(), at);
        } else if (event instanceof DeploySucceeded s) {
            return new SagaInput.DeploymentEnded(s.deploymentId(), s.rollbackOf(), s.version(), "SUCCEEDED", null, at);
        } else if (event instanceof DeployFailed f) {
            return new SagaInput.DeploymentEnded(f.deploymentId(), null, f.version(), "FAILED", f.reason(), at);
        } else if (event instanceof DeployCancelled c) {
            return new SagaInput.DeploymentEnded(c.deploymentId(), null, c.version(), "CANCELLED", c.reason(), at);
        } else if (event instanceof MaintenanceModeChanged m) {
            return new SagaInput.MaintenanceChanged(m.enabled(), at);
        } else if (NO_SAGA_INPUT.contains(event.getClass())) {
            return null;
        }
        throw new UnhandledSubtypeException(DeploymentEvent.class, event);
    }
}
