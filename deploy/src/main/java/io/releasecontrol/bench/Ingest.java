package io.releasecontrol.bench;

import io.releasecontrol.demo.GatewayClient;
import io.releasecontrol.demo.SampleTrace;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.events.serde.EventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Metric ingest throughput of the running metrics-service, seen from outside: samples produced to
 * rc.metric-samples until its consumer group has committed past them (stored and evaluated), and
 * a bare consumer reading the same records without processing them (the ratio's base); then batches
 * of samples POSTed through the gateway (answered once on the topic) until the group has committed
 * past them too. Healthy traces (no breach), times two hours back.
 */
final class Ingest {

    record KafkaResult(int samples, double produceSeconds, double serviceSeconds, double bareSeconds) {
    }

    /** REST samples per second: every batch answered (on the topic), and evaluated, stored and committed. */
    record RestResult(double answeredPerSecond, double committedPerSecond) {
    }

    private final String bootstrap;
    private final String group;

    Ingest(String bootstrap, String group) {
        this.bootstrap = bootstrap;
        this.group = group;
    }

    /** {@code n} samples over {@code targets} targets, 3 instances each, 5 s apart per instance. */
    static List<MetricSampleRecorded> trace(String prefix, int n, int targets, Instant t0) {
        List<MetricSampleRecorded> out = new ArrayList<>(n);
        for (int round = 0; out.size() < n; round++) {
            Instant t = t0.plusMillis(round * 5000L);
            for (int tg = 0; tg < targets && out.size() < n; tg++) {
                for (int i = 0; i < 3 && out.size() < n; i++) {
                    long errors = (round + i + tg) % 7;
                    // about 5 5xx a minute per target, under the seed rule's 10: a healthy trace (errors/3
                    // gave ~36 a minute and every target breached, so the run measured the sagas too)
                    long http5xx = errors == 6 ? 1 : 0;
                    out.add(new MetricSampleRecorded(prefix + "-" + tg, "bench", "1.0.0", "i" + i, t.plusMillis(i), 400L,
                            errors, http5xx, 150.0 + round % 11, 0.4, 0.5, 90L));
                }
            }
        }
        return out;
    }

    KafkaResult viaKafka(String prefix, int n) throws Exception {
        List<byte[]> values = new ArrayList<>(n);
        List<String> keys = new ArrayList<>(n);
        for (MetricSampleRecorded s : trace(prefix, n, 200, Instant.now().minus(Duration.ofHours(2)))) {
            values.add(EventCodec.toBytes(EventEnvelope.of("rc-bench", s)));
            keys.add(s.key());
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, Long> start = endOffsets(admin);
            long t0 = System.nanoTime();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                    ProducerConfig.ACKS_CONFIG, "1"), new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < n; i++) {
                    producer.send(new ProducerRecord<>(Topics.METRIC_SAMPLES, keys.get(i), values.get(i)));
                }
                producer.flush();
            }
            double produced = (System.nanoTime() - t0) / 1e9;
            Map<TopicPartition, Long> end = endOffsets(admin);
            awaitCommitted(admin, end);
            double service = (System.nanoTime() - t0) / 1e9;

            long bareStart = System.nanoTime();
            long read = 0;
            long wanted = end.entrySet().stream().mapToLong(e -> e.getValue() - start.getOrDefault(e.getKey(), 0L)).sum();
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(start.keySet());
                start.forEach(consumer::seek);
                while (read < wanted) {
                    read += consumer.poll(Duration.ofMillis(200)).count();
                }
            }
            return new KafkaResult(n, produced, service, (System.nanoTime() - bareStart) / 1e9);
        }
    }

    private Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.METRIC_SAMPLES)).allTopicNames().get()
                .get(Topics.METRIC_SAMPLES).partitions().stream()
                .map(p -> new TopicPartition(Topics.METRIC_SAMPLES, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        admin.listOffsets(latest).all().get().forEach((p, info) -> out.put(p, info.offset()));
        return out;
    }

    /** Until metrics-service's group has committed up to {@code end} (its samples stored and evaluated). */
    private void awaitCommitted(Admin admin, Map<TopicPartition, Long> end) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!committedUpTo(admin, end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("consumer group " + group + " did not commit up to " + end
                        + " within 10 min; is metrics-service consuming?");
            }
            Thread.sleep(20); // each look is a request to the group coordinator, which the measured broker serves too
        }
    }

    private boolean committedUpTo(Admin admin, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        for (var e : end.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Samples per second through the gateway in batches from {@code lanes} senders, each with its
     * own targets in time order: metrics-service drops a sample whose instance already reported a
     * later one as a duplicate, so batches of one target must not overtake each other.
     */
    RestResult viaRest(GatewayClient api, String prefix, int n, int batchSize, int lanes) throws Exception {
        int targets = 200;
        List<List<Map<String, Object>>> perLane = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            perLane.add(new ArrayList<>());
        }
        for (MetricSampleRecorded s : trace(prefix, n, targets, Instant.now().minus(Duration.ofHours(3)))) {
            int target = Integer.parseInt(s.application().substring(s.application().lastIndexOf('-') + 1));
            perLane.get(target % lanes).add(SampleTrace.json(s));
        }
        List<Thread> senders = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        for (List<Map<String, Object>> lane : perLane) {
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < lane.size(); i += batchSize) {
                        List<Map<String, Object>> batch = lane.subList(i, Math.min(lane.size(), i + batchSize));
                        var answer = api.post("/api/v1/metrics/samples", batch);
                        if (answer.path("accepted").asInt() != batch.size()) {
                            throw new IllegalStateException("a batch of " + batch.size() + " answered " + answer);
                        }
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "bench-rest-lane");
            senders.add(t);
            t.start();
        }
        for (Thread t : senders) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("REST ingest failed: " + failures.get(0).getMessage(), failures.get(0));
        }
        double answered = (System.nanoTime() - start) / 1e9;
        // the answers say "on the topic": the samples count once metrics-service committed past them
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            awaitCommitted(admin, endOffsets(admin));
        }
        return new RestResult(n / answered, n / ((System.nanoTime() - start) / 1e9));
    }
}
