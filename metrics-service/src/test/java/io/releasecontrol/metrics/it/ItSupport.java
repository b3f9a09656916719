package io.releasecontrol.metrics.it;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fixtures for the integration tests: signed identities and sample traces in the recent past. */
final class ItSupport {

    static final IdentityCodec CODEC = new IdentityCodec(RcInfrastructureInitializer.TEST_IDENTITY_SECRET,
            Duration.ofMinutes(5), Clock.systemUTC());

    private ItSupport() {
    }

    static String as(String role) {
        return CODEC.sign("it-" + role, List.of(role));
    }

    /** A start time far enough back that minutes of samples stay in the past. */
    static Instant past() {
        return Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.MINUTES);
    }

    /** {@code instances} instances every 5 s from {@code from} (seconds after t0) to {@code to}, at {@code errorRate}. */
    static List<MetricSampleRecorded> errors(String app, String version, Instant t0, int instances, int from, int to,
            double errorRate) {
        List<MetricSampleRecorded> out = new ArrayList<>();
        for (int s = from; s < to; s += 5) {
            for (int i = 0; i < instances; i++) {
                out.add(new MetricSampleRecorded(app, "staging", version, version + "-i" + i, t0.plusSeconds(s)
                        .plusMillis(i), 200L, Math.round(200 * errorRate), 0L, 120.0, 0.3, 0.4, 50L));
            }
        }
        return out;
    }

    static EventEnvelope<MetricSampleRecorded> envelope(MetricSampleRecorded s) {
        return EventEnvelope.of("/release-control/metrics-agent", s);
    }

    /** Sends the samples to rc.metric-samples on the shared broker, keyed by target, and waits for the acks. */
    static void produce(List<MetricSampleRecorded> samples) {
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(Map.<String, Object>of(
                org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                io.releasecontrol.runtime.testsupport.SharedKafka.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (MetricSampleRecorded s : samples) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        io.releasecontrol.events.Topics.METRIC_SAMPLES, s.key(),
                        io.releasecontrol.events.serde.EventCodec.toBytes(envelope(s))));
            }
            producer.flush();
        }
    }

    /** Until the group has committed every record of rc.metric-samples. */
    static void awaitCommitted() {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.<String, Object>of(
                "bootstrap.servers", io.releasecontrol.runtime.testsupport.SharedKafka.bootstrapServers()))) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var partitions = admin.describeTopics(List.of(io.releasecontrol.events.Topics.METRIC_SAMPLES)).allTopicNames().get()
                        .get(io.releasecontrol.events.Topics.METRIC_SAMPLES).partitions().stream()
                        .map(p -> new org.apache.kafka.common.TopicPartition(io.releasecontrol.events.Topics.METRIC_SAMPLES, p.partition()))
                        .toList();
                var latest = new java.util.HashMap<org.apache.kafka.common.TopicPartition,
                        org.apache.kafka.clients.admin.OffsetSpec>();
                partitions.forEach(p -> latest.put(p, org.apache.kafka.clients.admin.OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                var committed = admin.listConsumerGroupOffsets("metrics-service").partitionsToOffsetAndMetadata().get();
                for (var p : partitions) {
                    // a partition no sample went to has nothing to commit
                    long offset = committed.get(p) == null ? 0 : committed.get(p).offset();
                    org.assertj.core.api.Assertions.assertThat(offset).as("committed offset of " + p).isEqualTo(ends.get(p).offset());
                }
            });
        }
    }

    static Map<String, Object> json(MetricSampleRecorded s) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("application", s.application());
        m.put("environment", s.environment());
        m.put("version", s.version());
        m.put("instance", s.instance());
        m.put("time", s.time().toString());
        m.put("requests", s.requests());
        m.put("errors", s.errors());
        m.put("http5xx", s.http5xx());
        m.put("latencyP95Ms", s.latencyP95Ms());
        m.put("cpu", s.cpu());
        m.put("memory", s.memory());
        m.put("activeUsers", s.activeUsers());
        return m;
    }
}
