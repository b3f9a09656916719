package io.releasecontrol.metrics.it;

import io.micrometer.core.instrument.MeterRegistry;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.metrics.evaluation.EvaluationSettings;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.RuleTransition;
import io.releasecontrol.metrics.evaluation.SeedRules;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import io.releasecontrol.runtime.testsupport.SharedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Throughput and latency figures of the ingest paths on this machine; prints, asserts nothing
 * about speed. Not part of {@code verify} (the name matches no test pattern). Run:
 * {@code ./mvnw -B -o -pl metrics-service verify -Dit.test=IngestBenchmark -Dtest=NoSuch
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.samples=200000]}
 */
@RcIntegrationTest
class IngestBenchmark {

    static final int SAMPLES = Integer.getInteger("bench.samples", 200_000);
    static final int REST_SAMPLES = Integer.getInteger("bench.rest.samples", 100_000);
    /** samples per warm-up round through the Kafka path before the measured ones (their own targets) */
    static final int WARMUP_SAMPLES = Integer.getInteger("bench.warmup.samples", 100_000);
    /** warm-up rounds at most; fewer when a round compiles for less than {@link #QUIET_COMPILE_MS} */
    static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmup.rounds", 6);
    /** JIT compile time in one warm-up round below which the JIT counts as quiet */
    static final long QUIET_COMPILE_MS = Long.getLong("bench.warmup.quiet-compile-ms", 300);
    /** concurrent REST senders in the second REST figure (the first is one sender) */
    static final int REST_SENDERS = Integer.getInteger("bench.rest.senders", 4);
    static final int LATENCY_TRIALS = Integer.getInteger("bench.latency.trials", 200);

    @Autowired
    KafkaListenerEndpointRegistry registry;
    @Autowired
    MeterRegistry meters;
    @LocalServerPort
    int port;

    @Test
    void printFigures() throws Exception {
        windowMemory();
        kafkaThroughput();
        restThroughput();
        breachLatency();
    }

    private double accepted() {
        return meters.counter("rc.metrics.samples", "outcome", "accepted").count();
    }

    /** Samples of {@code targets} targets (half with a canary), 3 instances per version, every 5 s. */
    private static List<MetricSampleRecorded> trace(String prefix, int n, int targets, Instant t0) {
        List<MetricSampleRecorded> out = new ArrayList<>(n);
        int perRound = targets * 3 + targets / 2 * 3;
        for (int round = 0; out.size() < n; round++) {
            Instant t = t0.plusMillis(round * 5000L);
            for (int tg = 0; tg < targets && out.size() < n; tg++) {
                for (int v = 0; v < (tg % 2 == 0 ? 2 : 1) && out.size() < n; v++) {
                    for (int i = 0; i < 3 && out.size() < n; i++) {
                        long errors = (round + i + tg) % 7;
                        out.add(new MetricSampleRecorded(prefix + "-" + tg, "bench", v == 0 ? "1.0.0" : "1.1.0",
                                "i" + i, t.plusMillis(i), 400L, errors, errors / 3, 150.0 + (round % 11), 0.4, 0.5, 90L));
                    }
                }
            }
        }
        return out;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.ACKS_CONFIG, "1"), new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Unmeasured rounds over other targets first: the first samples through the consumer, the
     * evaluation and the store find C2 still compiling them and the heap not yet sized. One round
     * of 100,000 was not enough: a JFR of the measured pass after it showed 4 s of C2 compilation
     * (the store's and the Mongo-wire server's methods) in its 6 s. Rounds go on until one compiles
     * for less than {@link #QUIET_COMPILE_MS}, as in a service that has run for a while.
     */
    void kafkaThroughput() throws Exception {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        for (int round = 1; round <= WARMUP_ROUNDS && WARMUP_SAMPLES > 0; round++) {
            long before = jit.getTotalCompilationTime();
            kafkaThroughput("kwarm" + round, WARMUP_SAMPLES, "warm-up " + round + " (not the figure)");
            long compiled = jit.getTotalCompilationTime() - before;
            System.out.printf("BENCH kafka ingest warm-up %d: JIT compiled for %d ms%n", round, compiled);
            if (compiled < QUIET_COMPILE_MS) {
                break;
            }
        }
        long before = jit.getTotalCompilationTime();
        kafkaThroughput("kbench", SAMPLES, "");
        System.out.printf("BENCH kafka ingest: JIT compiled for %d ms during the measured pass%n",
                jit.getTotalCompilationTime() - before);
    }

    void kafkaThroughput(String prefix, int n, String label) throws Exception {
        MessageListenerContainer container = registry.getListenerContainer("metric-samples");
        container.pause();
        long until = System.currentTimeMillis() + 20_000;
        while (!container.isContainerPaused() && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        Instant t0 = Instant.now().minus(Duration.ofHours(2));
        List<MetricSampleRecorded> samples = trace(prefix, n, 200, t0);
        Map<TopicPartition, Long> start = endOffsets();
        try (var producer = producer()) {
            for (MetricSampleRecorded s : samples) {
                producer.send(new ProducerRecord<>(Topics.METRIC_SAMPLES, s.key(), EventCodec.toBytes(ItSupport.envelope(s))));
            }
            producer.flush();
        }
        // a bare consumer reading the same records, no deserialisation, no processing
        long bareStart = System.nanoTime();
        long read = 0;
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(), ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            while (read < n) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        double bareSeconds = (System.nanoTime() - bareStart) / 1e9;
        Map<TopicPartition, Long> end = endOffsets();
        double before = accepted();
        var flushTimer = meters.timer("rc.metrics.store.flush");
        double flushSecondsBefore = flushTimer.totalTime(java.util.concurrent.TimeUnit.SECONDS);
        long flushesBefore = flushTimer.count();
        long serviceStart = System.nanoTime();
        long cpuStart = processCpuNanos();
        container.resume();
        while (accepted() - before < n) {
            Thread.sleep(5);
        }
        double evaluatedSeconds = (System.nanoTime() - serviceStart) / 1e9;
        // durable: every sample stored and its offset committed
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.<String, Object>of("bootstrap.servers",
                SharedKafka.bootstrapServers()))) {
            while (!committedUpTo(admin, end)) {
                Thread.sleep(5);
            }
        }
        double serviceSeconds = (System.nanoTime() - serviceStart) / 1e9;
        long cpu = processCpuNanos() - cpuStart;
        var flush = meters.timer("rc.metrics.store.flush");
        double flushSeconds = flush.totalTime(java.util.concurrent.TimeUnit.SECONDS) - flushSecondsBefore;
        long flushes = flush.count() - flushesBefore;
        System.out.printf("BENCH kafka ingest%s: Mongo store flushes took %.2f s in total (%d flushes, mean %.1f ms)%n",
                label.isEmpty() ? "" : " " + label, flushSeconds, flushes, 1000 * flushSeconds / Math.max(1, flushes));
        double bare = n / bareSeconds;
        double evaluated = n / evaluatedSeconds;
        double service = n / serviceSeconds;
        System.out.printf("BENCH kafka ingest%s: %d samples evaluated (alerts sent) in %.2f s = %.0f samples/s; stored and "
                        + "offsets committed in %.2f s = %.0f samples/s; bare consumer %.0f samples/s; ratio %.2f%n",
                label.isEmpty() ? "" : " " + label, n, evaluatedSeconds, evaluated, serviceSeconds, service, bare, service / bare);
        // CPU is less sensitive to the machine's other load than throughput: consumer, evaluation,
        // store, Mongo-wire server and broker are all this JVM
        System.out.printf("BENCH kafka ingest%s: %.1f us of CPU per sample (this JVM: service, Mongo-wire server, broker), %.2f cores busy%n",
                label.isEmpty() ? "" : " " + label, cpu / 1e3 / n, cpu / 1e9 / serviceSeconds);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static boolean committedUpTo(org.apache.kafka.clients.admin.Admin admin, Map<TopicPartition, Long> end)
            throws Exception {
        var committed = admin.listConsumerGroupOffsets("metrics-service").partitionsToOffsetAndMetadata().get();
        for (var e : end.entrySet()) {
            var c = committed.get(e.getKey());
            if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> endOffsets() {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.METRIC_SAMPLES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return new HashMap<>(consumer.endOffsets(parts));
        }
    }

    void restThroughput() {
        restThroughput("rbench", 1);
        restThroughput("rbench4", REST_SENDERS);
    }

    /**
     * {@code senders} clients posting batches of 1 000 at the same time, each its own share of the
     * targets (as agents do: a sender's batches follow each other for its instances, so none of its
     * samples arrives behind a newer one of the same instance). Bodies are encoded before the clock starts.
     */
    void restThroughput(String prefix, int senders) {
        Instant t0 = Instant.now().minus(Duration.ofHours(3));
        List<MetricSampleRecorded> samples = trace(prefix, REST_SAMPLES, 200, t0);
        List<List<byte[]>> bodies = new ArrayList<>();
        for (int sender = 0; sender < senders; sender++) {
            final int mine = sender;
            List<MetricSampleRecorded> share = samples.stream()
                    .filter(x -> Integer.parseInt(x.application().substring(prefix.length() + 1)) % senders == mine).toList();
            List<byte[]> batches = new ArrayList<>();
            for (int i = 0; i < share.size(); i += 1000) {
                batches.add(EventCodec.mapper().writeValueAsBytes(
                        share.subList(i, Math.min(share.size(), i + 1000)).stream().map(ItSupport::json).toList()));
            }
            bodies.add(batches);
        }
        String deployer = ItSupport.as("deployer");
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        long start = System.nanoTime();
        reactor.core.publisher.Flux.fromIterable(bodies)
                .flatMap(batches -> reactor.core.publisher.Flux.fromIterable(batches)
                        .concatMap(body -> client.post().uri("/api/v1/metrics/samples").header(IdentityCodec.HEADER, deployer)
                                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).retrieve().toBodilessEntity()
                                .doOnNext(r -> {
                                    if (r.getStatusCode().value() != 202) {
                                        throw new IllegalStateException("answered " + r.getStatusCode());
                                    }
                                })), senders)
                .blockLast(Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("BENCH rest ingest: %d samples in batches of 1000 from %d sender%s at once, %.2f s = %.0f samples/s%n",
                REST_SAMPLES, senders, senders == 1 ? "" : "s", seconds, REST_SAMPLES / seconds);
    }

    /** From sending the sample that completes a breach to the breach event arriving on rc.alerts. */
    void breachLatency() throws Exception {
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    SharedKafka.bootstrapServers(), ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> parts = consumer.partitionsFor(Topics.ALERTS).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(parts);
                consumer.seekToEnd(parts);
                parts.forEach(consumer::position);
                synchronized (arrived) {
                    arrived.notifyAll();
                }
                while (running.get()) {
                    var records = consumer.poll(Duration.ofMillis(5));
                    if (!records.isEmpty()) {
                        records.forEach(r -> arrived.putIfAbsent(r.key(), System.nanoTime()));
                        synchronized (arrived) {
                            arrived.notifyAll();
                        }
                    }
                }
            }
        }, "bench-alert-watcher");
        synchronized (arrived) {
            watcher.start();
            arrived.wait(20_000);
        }
        List<Double> latencies = new ArrayList<>();
        Instant t0 = Instant.now().minus(Duration.ofHours(4));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int trial = 0; trial < LATENCY_TRIALS; trial++) {
                String app = "lbench-" + trial;
                List<MetricSampleRecorded> trace = new ArrayList<>(ItSupport.errors(app, "1.0.0", t0, 2, 0, 60, 0.01));
                trace.addAll(ItSupport.errors(app, "1.0.0", t0, 2, 60, 120, 0.5));
                int breaching = breachingIndex(trace);
                double before = accepted();
                for (int i = 0; i < breaching; i++) {
                    var s = trace.get(i);
                    producer.send(new ProducerRecord<>(Topics.METRIC_SAMPLES, s.key(), EventCodec.toBytes(ItSupport.envelope(s))));
                }
                producer.flush();
                while (accepted() - before < breaching) {
                    Thread.sleep(1);
                }
                var last = trace.get(breaching);
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(Topics.METRIC_SAMPLES, last.key(), EventCodec.toBytes(ItSupport.envelope(last))));
                producer.flush();
                // waits without spinning: a spinning thread would take one of the two cores the
                // service, the broker and the watcher need (the time is the watcher's, not this thread's)
                long deadline = System.currentTimeMillis() + 10_000;
                synchronized (arrived) {
                    while (!arrived.containsKey(last.key()) && System.currentTimeMillis() < deadline) {
                        arrived.wait(Math.max(1, deadline - System.currentTimeMillis()));
                    }
                }
                Long at = arrived.get(last.key());
                if (at != null) {
                    latencies.add((at - sent) / 1e6);
                }
            }
        }
        running.set(false);
        watcher.join(5000);
        Collections.sort(latencies);
        System.out.printf("BENCH breach latency (sample sent -> breach event read from rc.alerts), %d trials: "
                        + "p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", latencies.size(), pct(latencies, 50), pct(latencies, 99),
                latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1));
    }

    private static int breachingIndex(List<MetricSampleRecorded> trace) {
        Evaluator offline = new Evaluator(EvaluationSettings.DEFAULT, SeedRules.all());
        for (int i = 0; i < trace.size(); i++) {
            for (RuleTransition t : offline.accept(trace.get(i)).transitions()) {
                if (t.kind() == RuleTransition.Kind.BREACHED) {
                    return i;
                }
            }
        }
        throw new IllegalStateException("trace does not breach");
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Heap per target-version window, filled (every bucket used, 3 instances), with the seed rules' states. */
    void windowMemory() {
        int n = 2_000;
        Evaluator evaluator = new Evaluator(EvaluationSettings.DEFAULT, SeedRules.all());
        long before = usedHeap();
        long start = System.nanoTime();
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        for (int sec = 0; sec < 300; sec += 5) {
            for (int v = 0; v < n; v++) {
                for (int i = 0; i < 3; i++) {
                    evaluator.accept(new MetricSampleRecorded("mem-" + v, "bench", "1.0.0", "i" + i,
                            t0.plusSeconds(sec).plusMillis(i), 400L, 2L, 0L, 150.0, 0.4, 0.5, 90L));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = usedHeap();
        System.out.printf("BENCH pure evaluation (5 seed rules, one version per target): %.0f samples/s%n",
                n * 60 * 3 / seconds);
        System.out.printf("BENCH window memory: %d target-versions, %.1f KiB each (retention %s, bucket %s, %d buckets)%n",
                evaluator.windows(), (after - before) / 1024.0 / n, EvaluationSettings.DEFAULT.retention(),
                EvaluationSettings.DEFAULT.bucket(),
                EvaluationSettings.DEFAULT.retention().dividedBy(EvaluationSettings.DEFAULT.bucket()) + 1);
        if (evaluator.windows() == 0) {
            throw new IllegalStateException("unreachable: keeps the evaluator alive until after the measurement");
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

}
