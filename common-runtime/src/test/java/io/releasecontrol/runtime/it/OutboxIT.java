package io.releasecontrol.runtime.it;

import static io.releasecontrol.runtime.it.TestEvents.corruption;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.micrometer.core.instrument.MeterRegistry;
import io.releasecontrol.events.Topics;
import io.releasecontrol.runtime.outbox.Outbox;
import io.releasecontrol.runtime.outbox.OutboxBacklog;
import io.releasecontrol.runtime.outbox.OutboxProperties;
import io.releasecontrol.runtime.outbox.OutboxPublishException;
import io.releasecontrol.runtime.outbox.OutboxRelay;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The outbox against the real PostgreSQL and the real broker. The relay of this context is off,
 * which is exactly the state after a crash between commit and publish: each test then "restarts"
 * by running a fresh relay instance.
 */
@RcIntegrationTest
@TestPropertySource(properties = "rc.outbox.relay-enabled=false")
class OutboxIT {

    @Autowired
    Outbox outbox;
    @Autowired
    DatabaseClient db;
    @Autowired
    TransactionalOperator tx;
    @Autowired
    KafkaTemplate<String, byte[]> outboxKafkaTemplate;
    @Autowired
    OutboxProperties props;
    @Autowired
    OutboxBacklog backlog;
    @Autowired
    MeterRegistry meters;

    InfrastructureQueries queries;

    @BeforeEach
    void setUp() {
        queries = new InfrastructureQueries(db);
    }

    private Mono<Void> changeState(String name) {
        return db.sql("INSERT INTO test_state (name, value) VALUES (:name, 'changed')").bind("name", name).then();
    }

    @Test
    void publishesCommittedEventExactlyOnceAfterCrashBeforeRelay() throws Exception {
        var event = corruption("outbox-crash-before-relay", "state change and event commit together");

        // the service commits its state change and the event together, then "dies" (no relay ran)
        tx.transactional(changeState(event.id()).then(outbox.append(event))).block();
        assertThat(queries.state(event.id())).isEqualTo(1);
        assertThat(queries.pendingOutbox(event.id())).isEqualTo(1);
        Thread.sleep(300);
        assertThat(queries.effects(event.id())).as("nothing is published while no relay runs").isZero();

        // after the restart a new relay finds the committed row and publishes it
        StepVerifier.create(new OutboxRelay(db, tx, outboxKafkaTemplate, props).drain())
                .assertNext(n -> assertThat(n).isGreaterThanOrEqualTo(1))
                .verifyComplete();

        await().atMost(Duration.ofSeconds(20)).until(() -> queries.effects(event.id()) == 1);
        assertThat(queries.pendingOutbox(event.id())).isZero();
        var onTopic = KafkaProbe.read(Topics.ALERTS, KafkaProbe.withHeader("ce_id", event.id()), 1,
                Duration.ofSeconds(10), Duration.ofMillis(500));
        assertThat(onTopic).hasSize(1);
        assertThat(onTopic.get(0).key()).isEqualTo("outbox-crash-before-relay:staging");
        assertThat(KafkaProbe.header(onTopic.get(0), "ce_type")).isEqualTo("io.releasecontrol.alert.data-corruption-reported.v1");
    }

    @Test
    void republishesAfterCrashBetweenSendAndMarkAndConsumerActsOnce() {
        var event = corruption("outbox-crash-after-send", "sent but not marked");
        tx.transactional(changeState(event.id()).then(outbox.append(event))).block();

        // the relay sends, then dies before marking the row published
        var crashing = new OutboxRelay(db, tx, outboxKafkaTemplate, props) {
            @Override
            protected Mono<Void> markPublished(List<PendingRow> rows) {
                return Mono.error(new IllegalStateException("simulated crash after send, before mark"));
            }
        };
        StepVerifier.create(crashing.drain()).expectErrorMessage("simulated crash after send, before mark").verify();
        assertThat(queries.pendingOutbox(event.id())).as("the mark rolled back").isEqualTo(1);

        // the restarted relay sends it again: the broker now holds it twice
        new OutboxRelay(db, tx, outboxKafkaTemplate, props).drain().block();
        var copies = KafkaProbe.read(Topics.ALERTS, KafkaProbe.withHeader("ce_id", event.id()), 2,
                Duration.ofSeconds(15), Duration.ofMillis(300));
        assertThat(copies).hasSize(2);

        // ...and the idempotent consumer acted once
        await().atMost(Duration.ofSeconds(20)).until(() -> queries.processed(event.id()) == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> queries.effects(event.id()) == 1);
        assertThat(queries.pendingOutbox(event.id())).isZero();
    }

    @Test
    void twoRelayInstancesNeverPublishARowTwice() {
        // two instances of a service wake at the same moment over the same pending rows
        var events = java.util.stream.IntStream.range(0, 30)
                .mapToObj(i -> corruption("outbox-two-relays", "event " + i)).toList();
        tx.transactional(outbox.appendAll(events)).block();

        var first = new OutboxRelay(db, tx, outboxKafkaTemplate, props);
        var second = new OutboxRelay(db, tx, outboxKafkaTemplate, props);
        Mono.zip(first.drain().subscribeOn(reactor.core.scheduler.Schedulers.parallel()),
                second.drain().subscribeOn(reactor.core.scheduler.Schedulers.parallel())).block();
        new OutboxRelay(db, tx, outboxKafkaTemplate, props).drain().block();

        var ids = events.stream().map(e -> e.id()).collect(java.util.stream.Collectors.toSet());
        var onTopic = KafkaProbe.read(Topics.ALERTS, r -> ids.contains(KafkaProbe.header(r, "ce_id")), events.size(),
                Duration.ofSeconds(15), Duration.ofSeconds(1));
        assertThat(onTopic).hasSize(events.size());
        // in commit order on the target's partition
        assertThat(onTopic.stream().map(r -> KafkaProbe.header(r, "ce_id")).toList())
                .containsExactlyElementsOf(events.stream().map(e -> e.id()).toList());
    }

    @Test
    void carriesTheTraceOfTheWriterToTheConsumer() {
        // the event was written while serving a request of this trace
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var event = corruption("outbox-trace", "traced").withTraceparent(traceparent);
        tx.transactional(outbox.append(event)).block();

        new OutboxRelay(db, tx, outboxKafkaTemplate, props).drain().block();

        var onTopic = KafkaProbe.read(Topics.ALERTS, KafkaProbe.withHeader("ce_id", event.id()), 1,
                Duration.ofSeconds(10), Duration.ZERO);
        assertThat(KafkaProbe.header(onTopic.get(0), "traceparent")).isEqualTo(traceparent);
        // the consumer's span belongs to the same trace
        await().atMost(Duration.ofSeconds(20)).until(() -> queries.effects(event.id()) == 1);
        assertThat(queries.effectNote(event.id())).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void rolledBackStateChangeLeavesNoEvent() {
        var event = corruption("outbox-rollback", "never happened");

        var failing = changeState(event.id()).then(outbox.append(event))
                .then(Mono.error(new IllegalStateException("business rule failed after the write")));
        StepVerifier.create(tx.transactional(failing)).expectError(IllegalStateException.class).verify();

        assertThat(queries.state(event.id())).isZero();
        assertThat(queries.outboxRows(event.id())).isZero();
    }

    @Test
    void recordsAFailedPublishOnItsRowsAndNamesTheRowThatFailed() {
        var relay = new OutboxRelay(db, tx, outboxKafkaTemplate, props);
        relay.drain().block();
        var fine = corruption("outbox-failure", "sent, but its batch fails");
        tx.transactional(outbox.append(fine)).block();
        // a record the client refuses every time: larger than the producer's max.request.size (1 MiB)
        long poison = db.sql("""
                INSERT INTO rc_outbox (event_id, topic, record_key, event_type, payload)
                VALUES ('outbox-failure-poison', 'rc.alerts', 'outbox-failure:staging', 'poison', repeat('x', 1100000))
                RETURNING id""").map(row -> row.get("id", Long.class)).one().block();
        try {
            assertThatExceptionOfType(OutboxPublishException.class).isThrownBy(() -> relay.drain().block())
                    .satisfies(e -> assertThat(e.rowId()).isEqualTo(poison))
                    .satisfies(e -> assertThat(e.attempts()).isEqualTo(1))
                    .withMessageContaining("outbox row " + poison + " (poison outbox-failure-poison to rc.alerts)")
                    // Spring Kafka throws this one from send() itself: "KafkaException: Send failed (cause: ...)"
                    .withMessageContaining("attempt 1: ")
                    .withMessageContaining("RecordTooLargeException: The message is");
            var failed = queries.outboxAttempt("outbox-failure-poison");
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.lastError()).contains("RecordTooLargeException").hasSizeLessThanOrEqualTo(1000);
            assertThat(failed.lastAttemptAt()).isNotNull();
            assertThat(failed.published()).isFalse();
            // the row before it was acknowledged, but the batch is marked as a whole: it stays pending and says why
            var acked = queries.outboxAttempt(fine.id());
            assertThat(acked.attempts()).isEqualTo(1);
            assertThat(acked.lastError()).isEqualTo("acknowledged, but row " + poison + " of its batch failed: sent again with the batch");
            assertThat(acked.published()).isFalse();

            // every round that fails counts
            assertThatExceptionOfType(OutboxPublishException.class).isThrownBy(() -> relay.drain().block())
                    .satisfies(e -> assertThat(e.attempts()).isEqualTo(2));
            assertThat(queries.outboxAttempt("outbox-failure-poison").attempts()).isEqualTo(2);
            assertThat(queries.outboxAttempt("outbox-failure-poison").lastAttemptAt()).isAfterOrEqualTo(failed.lastAttemptAt());
        } finally {
            db.sql("DELETE FROM rc_outbox WHERE id = :id").bind("id", poison).then().block();
        }
        // with the poison row gone, the rest goes out; the published row counts all three of its attempts
        relay.drain().block();
        var published = queries.outboxAttempt(fine.id());
        assertThat(published.published()).isTrue();
        assertThat(published.attempts()).isEqualTo(3);
    }

    @Test
    void gaugesReportTheOldestPendingRowsAge() {
        var relay = new OutboxRelay(db, tx, outboxKafkaTemplate, props);
        relay.drain().block();
        var waiting = corruption("outbox-backlog", "waiting for the relay");
        tx.transactional(outbox.append(waiting)).block();
        // as if the relay had been unable to publish for a minute and a half
        db.sql("UPDATE rc_outbox SET created_at = now() - interval '90 seconds' WHERE event_id = :id")
                .bind("id", waiting.id()).then().block();
        tx.transactional(outbox.append(corruption("outbox-backlog", "a newer one"))).block();

        backlog.refresh().block();

        assertThat(meters.get("rc.outbox.pending").gauge().value()).isEqualTo(2.0);
        assertThat(meters.get("rc.outbox.oldest.pending.age").timeGauge().value(TimeUnit.SECONDS)).isBetween(90.0, 120.0);

        relay.drain().block();
        backlog.refresh().block();

        assertThat(meters.get("rc.outbox.pending").gauge().value()).isZero();
        assertThat(meters.get("rc.outbox.oldest.pending.age").timeGauge().value(TimeUnit.SECONDS)).isZero();
    }
}
