package io.releasecontrol.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.alert.ErrorRateBreached;
import io.releasecontrol.events.alert.MetricsRecovered;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.metrics.storage.SampleStore;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import io.releasecontrol.runtime.testsupport.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Samples in on rc.metric-samples (real broker), verdicts out on rc.alerts, samples in the Mongo-wire store. */
@RcIntegrationTest
class KafkaIngestIT {

    @Autowired
    ReactiveMongoTemplate mongo;

    private static void send(List<MetricSampleRecorded> samples) {
        ItSupport.produce(samples);
    }

    private static void sendRaw(String key, String value) {
        try (var producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.METRIC_SAMPLES, key, value.getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static List<EventEnvelope<RcEvent>> alerts(String app, int expected, Duration settle) {
        List<ConsumerRecord<String, byte[]>> records = KafkaProbe.read(Topics.ALERTS,
                r -> (app + ":staging").equals(r.key()), expected, Duration.ofSeconds(30), settle);
        List<EventEnvelope<RcEvent>> out = new ArrayList<>();
        records.forEach(r -> out.add(EventCodec.fromBytes(r.value())));
        return out;
    }

    @Test
    void breachesOnceOnAnErrorRateStepThenRecoversWithoutRepeating() {
        String app = "kafka-step";
        Instant t0 = ItSupport.past();
        List<MetricSampleRecorded> trace = new ArrayList<>();
        trace.addAll(ItSupport.errors(app, "1.0.0", t0, 2, 0, 60, 0.01));
        trace.addAll(ItSupport.errors(app, "1.0.0", t0, 2, 60, 180, 0.20));
        send(trace);

        List<EventEnvelope<RcEvent>> first = alerts(app, 1, Duration.ofSeconds(2));
        assertThat(first).hasSize(1);
        var breach = (ErrorRateBreached) first.get(0).data();
        assertThat(breach.action()).isEqualTo("rollback");
        assertThat(breach.evidence().rule()).isEqualTo("error-rate-5pct");
        assertThat(breach.evidence().observed()).isGreaterThan(0.05);
        assertThat(breach.evidence().samples()).isGreaterThanOrEqualTo(5);
        assertThat(breach.evidence().trafficPercent()).isEqualTo(100.0);
        assertThat(breach.evidence().firstSampleAt()).isBefore(breach.evidence().lastSampleAt());
        // the breach was caused by one of the samples we sent
        assertThat(first.get(0).causationid()).isNotNull();

        // the same samples delivered again (a redelivery): no second breach
        send(trace.subList(trace.size() - 20, trace.size()));
        // healthy again for longer than the 30 s recovery window
        send(ItSupport.errors(app, "1.0.0", t0, 2, 180, 300, 0.01));

        List<EventEnvelope<RcEvent>> all = alerts(app, 2, Duration.ofSeconds(3));
        assertThat(all).extracting(e -> e.data().getClass().getSimpleName())
                .containsExactly("ErrorRateBreached", "MetricsRecovered");
        var recovered = (MetricsRecovered) all.get(1).data();
        assertThat(recovered.evidence().rule()).isEqualTo("error-rate-5pct");
        assertThat(recovered.evidence().observed()).isLessThan(0.05);
        // the recovery belongs to the breach's correlation
        assertThat(all.get(1).correlationid()).isEqualTo(all.get(0).id());
    }

    @Test
    void sendsMalformedAndInvalidSamplesToTheDeadLetterTopicAndGoesOn() {
        String app = "kafka-poison";
        String key = app + ":staging";
        Instant t0 = ItSupport.past();
        sendRaw(key, "{this is not json");
        var invalid = new MetricSampleRecorded(app, "staging", "1.0.0", "i0", t0, 10L, 20L, 0L, null, 7.0, null, null);
        send(List.of(invalid));
        // the consumer goes on: a breach on the same key still comes out
        List<MetricSampleRecorded> trace = new ArrayList<>();
        trace.addAll(ItSupport.errors(app, "1.0.0", t0, 2, 0, 30, 0.01));
        trace.addAll(ItSupport.errors(app, "1.0.0", t0, 2, 30, 90, 0.30));
        send(trace);

        var dead = KafkaProbe.read(Topics.dlt(Topics.METRIC_SAMPLES), r -> key.equals(r.key()), 2,
                Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertThat(dead).hasSize(2);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{this is not json");
        assertThat(KafkaProbe.header(dead.get(0), "rc_dlt_reason")).startsWith("message is not JSON");
        assertThat(KafkaProbe.header(dead.get(1), "rc_dlt_reason"))
                .contains("errors must not exceed requests").contains("cpu must be a ratio between 0 and 1");
        assertThat(alerts(app, 1, Duration.ZERO)).extracting(e -> e.data().getClass().getSimpleName())
                .containsExactly("ErrorRateBreached");
    }

    @Test
    void commitsTheOffsetsOfCompletedBatches() throws Exception {
        String app = "kafka-commit";
        send(ItSupport.errors(app, "1.0.0", ItSupport.past(), 2, 0, 60, 0.01));
        ItSupport.awaitCommitted();
        // raw samples are stored grouped per instance and flush: count the samples, not the documents
        Integer stored = Flux.from(mongo.getCollection(SampleStore.RAW).flatMapMany(c -> c.find(
                new Document("application", app)))).map(d -> d.getInteger("count")).reduce(0, Integer::sum)
                .block(Duration.ofSeconds(10));
        assertThat(stored).isEqualTo(24);
    }

    @Test
    void keepsRawSamplesWithATtlIndexAndRollUpsForLonger() {
        List<Document> raw = Flux.from(mongo.getCollection(SampleStore.RAW).flatMapMany(c -> c.listIndexes()))
                .collectList().block(Duration.ofSeconds(10));
        assertThat(raw).anySatisfy(i -> {
            assertThat(i.getString("name")).isEqualTo("ttl_time");
            assertThat(((Number) i.get("expireAfterSeconds")).longValue()).isEqualTo(Duration.ofDays(7).toSeconds());
        });
        List<Document> rollups = Flux.from(mongo.getCollection(SampleStore.ROLLUPS).flatMapMany(c -> c.listIndexes()))
                .collectList().block(Duration.ofSeconds(10));
        assertThat(rollups).anySatisfy(i -> {
            assertThat(i.getString("name")).isEqualTo("ttl_minute");
            assertThat(((Number) i.get("expireAfterSeconds")).longValue()).isEqualTo(Duration.ofDays(90).toSeconds());
        });
    }
}
