package io.releasecontrol.orchestrator.messaging;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.alert.AlertEvent;
import io.releasecontrol.events.alert.BreachEvent;
import io.releasecontrol.events.alert.DataCorruptionReported;
import io.releasecontrol.events.alert.MetricsRecovered;
import io.releasecontrol.orchestrator.OrchestratorProperties;
import io.releasecontrol.orchestrator.decision.Decision;
import io.releasecontrol.orchestrator.decision.DecisionService;
import io.releasecontrol.orchestrator.decision.RollbackDecider;
import io.releasecontrol.orchestrator.decision.Trigger;
import io.releasecontrol.orchestrator.saga.SagaInput;
import io.releasecontrol.orchestrator.saga.SagaService;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import io.releasecontrol.runtime.inbox.OnceConsumer;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Breaches and corruption reports start a saga (or join the running one, or are recorded as an
 * alert-only decision); a recovery advances an observing saga. A dry-run rule's breach or recovery
 * (action {@code dry-run}, evidence {@code dryRunAction}) only logs what it would have done. Each event acts once (by id).
 * The decision's inputs are read before the transaction (an HTTP query must not hold a
 * connection); the start re-checks the target under its lock.
 */
@Component
class AlertListener {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AlertListener.class);

    static final String CONSUMER = "rollback-orchestrator.alerts";

    private final OnceConsumer inbox;
    private final DecisionService decisions;
    private final SagaService sagas;

    AlertListener(ProcessedEvents processed, DecisionService decisions, SagaService sagas) {
        this.inbox = new OnceConsumer(processed, CONSUMER);
        this.decisions = decisions;
        this.sagas = sagas;
    }

    @KafkaListener(topics = Topics.ALERTS, groupId = "${spring.application.name}",
            concurrency = OrchestratorProperties.LISTENER_CONCURRENCY)
    void on(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        EventEnvelope<RcEvent> envelope = record.value();
        AlertEvent alert = OnceConsumer.eventOf(record, AlertEvent.class, "an alert event");
        Mono<?> work;
        if (alert instanceof BreachEvent b && Trigger.breach(b).dryRun()) {
            work = inbox.once(record, envelope, dryRun(Trigger.breach(b), envelope));
        } else if (alert instanceof MetricsRecovered r && r.evidence() != null && r.evidence().dryRun()) {
            // a dry-run breach closed: it never started anything, so it advances nothing either
            work = inbox.once(record, envelope, Mono.fromRunnable(() -> log.info(
                    "dry-run: rule {} recovered for {} version {} (event {}); nothing to do", r.evidence().rule(),
                    envelope.subject(), r.version(), envelope.id())));
        } else if (alert instanceof BreachEvent b) {
            work = trigger(record, envelope, Trigger.breach(b));
        } else if (alert instanceof DataCorruptionReported c) {
            work = trigger(record, envelope, Trigger.corruption(c));
        } else if (alert instanceof MetricsRecovered r) {
            work = inbox.once(record, envelope, sagas.advance(r.application(), r.environment(),
                    new SagaInput.Recovered(r.version(), detail(r), r.recoveredAt() == null ? envelope.time()
                            : r.recoveredAt()), envelope.id()));
        } else {
            throw new UnhandledSubtypeException(AlertEvent.class, alert);
        }
        // a Kafka container thread, not an event loop: waiting here keeps per-target order
        work.block(OnceConsumer.HANDLER_TIMEOUT);
    }

    /** Decided (pure, no lookups: nothing will be done) and logged once; no saga, no notification. */
    private static Mono<?> dryRun(Trigger trigger, EventEnvelope<?> envelope) {
        return Mono.fromRunnable(() -> {
            Decision d = RollbackDecider.decide(trigger, null, null, null, java.time.Instant.now());
            log.info("{} for {} version {} (event {}): {}", d.branch(), envelope.subject(), trigger.version(),
                    envelope.id(), String.join("; ", d.reasonTexts()));
        });
    }

    private Mono<?> trigger(ConsumerRecord<?, ?> record, EventEnvelope<?> envelope, Trigger trigger) {
        if (trigger.application() == null || trigger.environment() == null || trigger.version() == null) {
            return Mono.error(new IllegalArgumentException(envelope.type() + " " + envelope.id()
                    + " names no application, environment or version"));
        }
        // one read, then the lookup; a redelivered event is caught by processOnce (its decision is wasted, rarely)
        return decisions.decideUnlessRunning(trigger).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(pre -> inbox.once(record, envelope, pre.isPresent()
                        ? sagas.start(trigger, pre.get(), envelope.id())
                        // a running saga only records the trigger
                        : sagas.start(trigger, decisions.decide(trigger), envelope.id())));
    }

    private static String detail(MetricsRecovered r) {
        var e = r.evidence();
        return e == null ? "recovered" : e.metric() + " " + e.observed() + " <= " + e.threshold() + " (rule " + e.rule()
                + ", " + e.samples() + " samples)";
    }
}
