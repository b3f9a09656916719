package io.releasecontrol.runtime.it;

import static io.releasecontrol.runtime.it.TestEvents.corruption;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

/** Idempotent consumption and dead-lettering against the real broker and database. */
@RcIntegrationTest
@TestPropertySource(properties = {"rc.outbox.relay-enabled=false", "rc.kafka.retry.outage-max-backoff=PT0.4S"})
class ConsumerIT {

    @Autowired
    KafkaTemplate<String, byte[]> outboxKafkaTemplate;
    @Autowired
    DatabaseClient db;

    InfrastructureQueries queries;

    @BeforeEach
    void setUp() {
        queries = new InfrastructureQueries(db);
    }

    private void sendRaw(String key, String value) throws Exception {
        outboxKafkaTemplate.send(new ProducerRecord<>(Topics.ALERTS, key, value.getBytes(StandardCharsets.UTF_8)))
                .get();
    }

    private void send(EventEnvelope<?> envelope) throws Exception {
        sendRaw(envelope.key(), EventCodec.toJson(envelope));
    }

    @Test
    void actsOnceOnAnEventDeliveredTwice() throws Exception {
        var event = corruption("consumer-duplicate", "delivered twice");

        send(event);
        send(event);

        await().atMost(Duration.ofSeconds(20)).until(() -> queries.processed(event.id()) == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> queries.effects(event.id()) == 1);
    }

    @Test
    void sendsUnreadableMessageToDeadLetterTopicAndConsumesTheNextOneOnThePartition() throws Exception {
        String key = "consumer-poison:staging";
        var next = corruption("consumer-poison", "right after the poison");

        sendRaw(key, "{this is not json");
        send(next);

        var dead = KafkaProbe.read(Topics.dlt(Topics.ALERTS), r -> key.equals(r.key()), 1,
                Duration.ofSeconds(20), Duration.ZERO);
        assertThat(dead).hasSize(1);
        ConsumerRecord<String, byte[]> poison = dead.get(0);
        assertThat(new String(poison.value(), StandardCharsets.UTF_8)).isEqualTo("{this is not json");
        assertThat(KafkaProbe.header(poison, "kafka_dlt-original-topic")).isEqualTo(Topics.ALERTS);
        assertThat(KafkaProbe.header(poison, "rc_dlt_reason")).startsWith("message is not JSON");
        // the poison did not block its partition: the next event on the same key was handled
        await().atMost(Duration.ofSeconds(20)).until(() -> queries.effects(next.id()) == 1);
    }

    @Test
    void sendsUnknownEventTypeToDeadLetterTopicWithTheReason() throws Exception {
        String key = "consumer-unknown-type:staging";
        var json = EventCodec.toJson(corruption("consumer-unknown-type", "renamed"))
                .replace("io.releasecontrol.alert.data-corruption-reported.v1", "io.releasecontrol.alert.no-such-thing.v9");

        sendRaw(key, json);

        var dead = KafkaProbe.read(Topics.dlt(Topics.ALERTS), r -> key.equals(r.key()), 1,
                Duration.ofSeconds(20), Duration.ZERO);
        assertThat(dead).hasSize(1);
        assertThat(KafkaProbe.header(dead.get(0), "rc_dlt_reason"))
                .contains("unknown event type 'io.releasecontrol.alert.no-such-thing.v9'");
    }

    /** The chaos test's finding: a breach consumed while PostgreSQL restarted went to the dead-letter topic. */
    @Test
    void waitsOutADatabaseOutageInsteadOfDeadLetteringTheRecord() throws Exception {
        var during = corruption("consumer-database-down", RuntimeTestApplication.DATABASE_DOWN_MARKER);
        var next = corruption("consumer-database-down", "after the outage");

        send(during);
        send(next);

        // 6 failed deliveries (twice the dead-letter limit of 3), then processed once, and the next one after it
        await().atMost(Duration.ofSeconds(30)).until(() -> queries.effects(next.id()) == 1);
        assertThat(queries.effects(during.id())).isEqualTo(1);
        assertThat(RuntimeTestApplication.ATTEMPTS.get(during.id()).get()).isEqualTo(7);
        assertThat(KafkaProbe.read(Topics.dlt(Topics.ALERTS), r -> "consumer-database-down:staging".equals(r.key()), 1,
                Duration.ofSeconds(8), Duration.ZERO)).as("dead-lettered records of the target").isEmpty();
    }

    @Test
    void retriesAFailingHandlerThenDeadLettersItAndMovesOn() throws Exception {
        var failing = corruption("consumer-failing-handler", RuntimeTestApplication.FAIL_MARKER);
        var next = corruption("consumer-failing-handler", "after the failure");

        send(failing);
        send(next);

        var dead = KafkaProbe.read(Topics.dlt(Topics.ALERTS), KafkaProbe.withHeader("ce_id", failing.id())
                .or(r -> "consumer-failing-handler:staging".equals(r.key())), 1, Duration.ofSeconds(20), Duration.ZERO);
        assertThat(dead).hasSize(1);
        assertThat(KafkaProbe.header(dead.get(0), "rc_dlt_reason"))
                .isEqualTo("IllegalStateException: handler failed on purpose for " + failing.id());
        await().atMost(Duration.ofSeconds(20)).until(() -> queries.effects(next.id()) == 1);
        assertThat(queries.effects(failing.id())).isZero();
    }
}
