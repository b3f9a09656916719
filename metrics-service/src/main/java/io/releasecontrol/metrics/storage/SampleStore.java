package io.releasecontrol.metrics.storage;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.config.MetricsProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Raw samples (TTL {@code rc.metrics.raw-ttl}, default 7 days, on the sample time) and per-minute
 * roll-ups per version (TTL {@code rc.metrics.rollup-ttl}, default 90 days). Raw samples have a
 * deterministic {@code _id}, so a redelivered sample is a duplicate key and is not rolled up twice.
 */
@Component
public class SampleStore {

    public static final String RAW = "metric_samples";
    public static final String ROLLUPS = "metric_rollups";
    private static final Logger log = LoggerFactory.getLogger(SampleStore.class);

    private final ReactiveMongoTemplate mongo;
    private final MetricsProperties properties;

    public SampleStore(ReactiveMongoTemplate mongo, MetricsProperties properties) {
        this.mongo = mongo;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void createIndexes() {
        ensureIndexes().block(Duration.ofSeconds(30));
    }

    public Mono<Void> ensureIndexes() {
        return Mono.when(
                mongo.getCollection(RAW).flatMap(c -> Mono.from(c.createIndex(Indexes.ascending("time"),
                        new IndexOptions().name("ttl_time").expireAfter(properties.rawTtl().toSeconds(), TimeUnit.SECONDS)))),
                mongo.getCollection(RAW).flatMap(c -> Mono.from(c.createIndex(
                        Indexes.ascending("application", "environment", "version", "time"),
                        new IndexOptions().name("target_version_time")))),
                mongo.getCollection(ROLLUPS).flatMap(c -> Mono.from(c.createIndex(Indexes.ascending("minute"),
                        new IndexOptions().name("ttl_minute").expireAfter(properties.rollupTtl().toSeconds(), TimeUnit.SECONDS)))),
                mongo.getCollection(ROLLUPS).flatMap(c -> Mono.from(c.createIndex(
                        Indexes.ascending("application", "environment", "version", "minute"),
                        new IndexOptions().name("target_version_minute")))))
                .doOnSuccess(v -> log.info("indexes ready: {} TTL {}, {} TTL {}", RAW, properties.rawTtl(), ROLLUPS,
                        properties.rollupTtl()));
    }

    /** Stores the samples and rolls up those not stored before; completes with how many were new. */
    public Mono<Integer> save(List<MetricSampleRecorded> samples) {
        if (samples.isEmpty()) {
            return Mono.just(0);
        }
        List<Document> docs = samples.stream().map(SampleStore::toDocument).toList();
        return mongo.getCollection(RAW)
                .flatMap(c -> Mono.from(c.insertMany(docs, new InsertManyOptions().ordered(false)))
                        .thenReturn(Set.<Integer>of())
                        .onErrorResume(MongoBulkWriteException.class, e -> {
                            Set<Integer> duplicates = new HashSet<>();
                            for (var err : e.getWriteErrors()) {
                                if (err.getCode() != 11000) {
                                    return Mono.error(e);
                                }
                                duplicates.add(err.getIndex());
                            }
                            return Mono.just(duplicates);
                        }))
                .flatMap(duplicates -> {
                    List<MetricSampleRecorded> fresh = new ArrayList<>(samples.size());
                    for (int i = 0; i < samples.size(); i++) {
                        if (!duplicates.contains(i)) {
                            fresh.add(samples.get(i));
                        }
                    }
                    // retried on its own: retrying the insert would find these samples stored and skip their roll-up
                    return rollUp(fresh).retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                            .maxBackoff(Duration.ofSeconds(5))
                            .doBeforeRetry(r -> log.warn("rolling up {} samples failed, retrying: {}", fresh.size(),
                                    r.failure().toString())))
                            .thenReturn(fresh.size());
                });
    }

    private Mono<Void> rollUp(List<MetricSampleRecorded> samples) {
        if (samples.isEmpty()) {
            return Mono.empty();
        }
        Map<String, Rollup> byMinute = new LinkedHashMap<>();
        for (MetricSampleRecorded s : samples) {
            var minute = s.time().truncatedTo(ChronoUnit.MINUTES);
            String id = s.application() + "|" + s.environment() + "|" + s.version() + "|" + minute;
            byMinute.computeIfAbsent(id, k -> new Rollup(s.application(), s.environment(), s.version(), minute)).add(s);
        }
        List<WriteModel<Document>> updates = new ArrayList<>(byMinute.size());
        byMinute.forEach((id, r) -> updates.add(new UpdateOneModel<>(new Document("_id", id), r.update(),
                new UpdateOptions().upsert(true))));
        return mongo.getCollection(ROLLUPS).flatMap(c -> Mono.from(c.bulkWrite(updates))).then();
    }

    static Document toDocument(MetricSampleRecorded s) {
        Document d = new Document("_id", sampleId(s))
                .append("application", s.application())
                .append("environment", s.environment())
                .append("version", s.version())
                .append("instance", s.instance())
                .append("time", Date.from(s.time()));
        putIfPresent(d, "requests", s.requests());
        putIfPresent(d, "errors", s.errors());
        putIfPresent(d, "http5xx", s.http5xx());
        putIfPresent(d, "latencyP95Ms", s.latencyP95Ms());
        putIfPresent(d, "cpu", s.cpu());
        putIfPresent(d, "memory", s.memory());
        putIfPresent(d, "activeUsers", s.activeUsers());
        return d;
    }

    /** One id per (target, version, instance, time): the same sample stored twice collides. */
    static String sampleId(MetricSampleRecorded s) {
        return UUID.nameUUIDFromBytes(String.join("|", s.application(), s.environment(), s.version(), s.instance(),
                s.time().toString()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void putIfPresent(Document d, String key, Object value) {
        if (value != null) {
            d.append(key, value);
        }
    }

    /** Raw samples of a target in [from, to), oldest first (replay of a stored range). */
    public Flux<MetricSampleRecorded> raw(String application, String environment, java.time.Instant from,
            java.time.Instant to, int limit) {
        Document filter = new Document("application", application).append("environment", environment)
                .append("time", new Document("$gte", Date.from(from)).append("$lt", Date.from(to)));
        return mongo.getCollection(RAW).flatMapMany(c -> Flux.from(c.find(filter).sort(new Document("time", 1)).limit(limit)))
                .map(SampleStore::fromDocument);
    }

    static MetricSampleRecorded fromDocument(Document d) {
        return new MetricSampleRecorded(d.getString("application"), d.getString("environment"), d.getString("version"),
                d.getString("instance"), d.getDate("time").toInstant(), asLong(d.get("requests")),
                asLong(d.get("errors")), asLong(d.get("http5xx")), asDouble(d.get("latencyP95Ms")),
                asDouble(d.get("cpu")), asDouble(d.get("memory")), asLong(d.get("activeUsers")));
    }

    static Long asLong(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }

    static Double asDouble(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }
}
