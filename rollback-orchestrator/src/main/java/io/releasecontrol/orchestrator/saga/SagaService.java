package io.releasecontrol.orchestrator.saga;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.SagaId;
import io.releasecontrol.events.command.DeployCommand;
import io.releasecontrol.events.saga.RollbackSagaEvent;
import io.releasecontrol.orchestrator.OrchestratorProperties;
import io.releasecontrol.orchestrator.decision.Decision;
import io.releasecontrol.orchestrator.decision.Trigger;
import io.releasecontrol.runtime.outbox.Outbox;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The I/O around the pure {@link SagaMachine}: lock the saga row, apply the input, and store the
 * next state, its step rows, its commands and events (outbox) and its notifications in one
 * transaction. Envelope ids are deterministic (a command's id is its request id
 * {@code <saga>:<step>[:<attempt>]}, an event's {@code <saga>:v<version>:<n>}), so a transition
 * replayed after a crash can never put a second copy in the outbox.
 */
@Service
public class SagaService {

    public static final String SOURCE = "/release-control/rollback-orchestrator";
    private static final Logger log = LoggerFactory.getLogger(SagaService.class);

    private final SagaRepository sagas;
    private final Outbox outbox;
    private final SagaNotifications notifications;
    private final TransactionalOperator tx;
    private final SagaMachine machine;

    SagaService(SagaRepository sagas, Outbox outbox, SagaNotifications notifications, TransactionalOperator tx,
            OrchestratorProperties props) {
        this.sagas = sagas;
        this.outbox = outbox;
        this.notifications = notifications;
        this.tx = tx;
        this.machine = new SagaMachine(props.observation(), props.stepTimeout(), props.maxAttempts());
    }

    /** What {@link #start} did: a new saga, or the running one the trigger joined. */
    public record Started(SagaState saga, boolean joined) {
    }

    /**
     * Starts a saga for a decision, or, when the target already has an active one, records the
     * trigger on it. A race with another starter meets the unique index and becomes a join.
     *
     * @param decision    subscribed only when no saga runs (a running saga needs no decision)
     * @param causationId the event id (or request id) that asked; recorded as the saga's trigger
     */
    public Mono<Started> start(Trigger trigger, Mono<Decision> decision, String causationId) {
        Mono<Started> once = sagas.lockActive(trigger.application(), trigger.environment())
                .flatMap(active -> join(active, trigger, causationId))
                .switchIfEmpty(decision.flatMap(d -> create(trigger, d, causationId)));
        return tx.transactional(once)
                .onErrorResume(SagaService::isOneActiveViolation, e -> tx.transactional(
                        sagas.lockActive(trigger.application(), trigger.environment())
                                .flatMap(active -> join(active, trigger, causationId))));
    }

    /**
     * Starts a saga for a decision made without a running saga, or joins the one that started
     * since: the insert itself checks (no lock taken first), so a new saga costs one statement
     * plus its outbox rows.
     */
    public Mono<Started> start(Trigger trigger, Decision decision, String causationId) {
        return tx.transactional(create(trigger, decision, causationId));
    }

    private Mono<Started> create(Trigger trigger, Decision decision, String causationId) {
        Instant now = now();
        Transition t = machine.start(SagaId.random(), trigger.application(), trigger.environment(), trigger.cause(),
                decision, trigger.requestedBy(), now);
        SagaState s = t.state();
        Envelopes out = envelopes(s, t, causationId);
        List<SagaRepository.NewNotification> notes = new ArrayList<>();
        for (var e : out.events()) {
            String payload = notifications.payload(s, e);
            if (payload != null) {
                notes.add(new SagaRepository.NewNotification(e.id(), payload));
            }
        }
        return sagas.insertNew(s, causationId, t.steps(), notes).flatMap(inserted -> {
            if (!inserted) {
                // a saga started since the decision was made: join it
                return sagas.lockActive(trigger.application(), trigger.environment())
                        .flatMap(active -> join(active, trigger, causationId))
                        .switchIfEmpty(Mono.error(() -> new IllegalStateException("saga of " + trigger.application()
                                + ":" + trigger.environment() + " neither started nor active (retried)")));
            }
            log.info("saga {} for {}:{}: none -> {} ({}, {})", s.id(), s.application(), s.environment(), s.status(),
                    decision.branch(), trigger.cause());
            return outbox.appendAll(out.all()).thenReturn(new Started(s, false));
        });
    }

    private Mono<Started> join(SagaState active, Trigger trigger, String causationId) {
        log.info("saga {} for {}:{}: {} joined ({})", active.id(), active.application(), active.environment(),
                trigger.cause(), causationId);
        Transition t = machine.join(active, describe(trigger, causationId), now());
        return sagas.writeSteps(active.id(), t.steps()).thenReturn(new Started(active, true));
    }

    private static String describe(Trigger t, String causationId) {
        StringBuilder b = new StringBuilder(t.cause());
        if (t.version() != null) {
            b.append(" of ").append(t.version());
        }
        if (t.rule() != null) {
            b.append(": rule ").append(t.rule()).append(' ').append(t.metric()).append(' ').append(t.observed())
                    .append(" > ").append(t.threshold());
        }
        if (t.description() != null) {
            b.append(": ").append(t.description());
        }
        return b.append(" (by ").append(t.requestedBy()).append(", ").append(causationId)
                .append(") joined the running saga; nothing new started").toString();
    }

    /** Applies a fact about a target to its active saga, if it has one. */
    public Mono<SagaState> advance(String application, String environment, SagaInput input, String causationId) {
        return tx.transactional(sagas.lockActive(application, environment)
                .flatMap(s -> apply(s, input, causationId)));
    }

    /** Applies an operator's action to a saga (throws {@link IllegalSagaTransitionException} when it does not fit). */
    public Mono<SagaState> act(SagaId id, Function<Instant, SagaInput> input) {
        return tx.transactional(sagas.lock(id).flatMap(s -> apply(s, input.apply(now()), null)));
    }

    /** Fires the timers that are due, each in its own transaction so one bad saga never stalls the others. */
    public Mono<Integer> fireDue(int limit) {
        Instant now = now();
        return sagas.dueIds(now, limit)
                .concatMap(id -> tx.transactional(sagas.lockIfDue(id, now)
                                .flatMap(s -> apply(s, new SagaInput.Timeout(now), null)))
                        .onErrorResume(e -> {
                            log.warn("timer of saga {} failed (retried next poll): {}", id, e.toString());
                            return Mono.empty();
                        }))
                .count().map(Long::intValue);
    }

    private Mono<SagaState> apply(SagaState s, SagaInput input, String causationId) {
        Transition t = machine.apply(s, input);
        if (t.isNoop() && t.state().equals(s)) {
            return Mono.just(s);
        }
        SagaState next = t.state().nextVersion();
        if (s.status() != next.status() || !Objects.equals(s.step(), next.step())) {
            log.info("saga {} for {}:{}: {}/{} -> {}/{} on {}", s.id(), s.application(), s.environment(), s.status(),
                    s.step(), next.status(), next.step(), input.getClass().getSimpleName());
        }
        return sagas.update(s, next).then(effects(next, t, causationId)).thenReturn(next);
    }

    /** Step rows, commands and events (outbox) and notifications of one transition. */
    private Mono<Void> effects(SagaState s, Transition t, String causationId) {
        Envelopes out = envelopes(s, t, causationId);
        return sagas.writeSteps(s.id(), t.steps())
                .then(outbox.appendAll(out.all()))
                .then(Flux.fromIterable(out.events()).concatMap(e -> notifications.enqueue(s, e)).then());
    }

    /** A transition's commands then events, as envelopes with deterministic ids. */
    private record Envelopes(List<EventEnvelope<?>> all, List<EventEnvelope<RollbackSagaEvent>> events) {
    }

    private static Envelopes envelopes(SagaState s, Transition t, String causationId) {
        List<EventEnvelope<?>> out = new ArrayList<>();
        for (DeployCommand c : t.commands()) {
            out.add(envelope(s, c, c.requestId(), causationId));
        }
        List<EventEnvelope<RollbackSagaEvent>> events = new ArrayList<>();
        for (int i = 0; i < t.events().size(); i++) {
            events.add(envelope(s, t.events().get(i), s.id() + ":v" + s.version() + ":" + i, causationId));
        }
        out.addAll(events);
        return new Envelopes(out, events);
    }

    private static <T extends RcEvent> EventEnvelope<T> envelope(SagaState s, T data, String id, String causationId) {
        return EventEnvelope.of(SOURCE, data).withIdAndTime(id, now())
                .withCorrelation(s.id().toString(), causationId);
    }

    private static boolean isOneActiveViolation(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if ((c instanceof DataIntegrityViolationException || c instanceof io.r2dbc.spi.R2dbcDataIntegrityViolationException)
                    && String.valueOf(c.getMessage()).contains(SagaRepository.ONE_ACTIVE_PER_TARGET)) {
                return true;
            }
        }
        return false;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
