package io.releasecontrol.metrics.storage;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.config.MetricsProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.RawBsonDocument;
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
 * roll-ups per version (TTL {@code rc.metrics.rollup-ttl}, default 90 days). Raw samples are stored
 * grouped, one document per instance and flush ({@link SampleBuckets}). A sample is stored and
 * rolled up once: per instance only samples newer than the newest one stored are written (the
 * evaluation hands them over in time order per instance; after a restart the newest stored time is
 * read from the store the first time an instance is seen), and a retried flush collides on the
 * documents' deterministic ids.
 */
@Component
public class SampleStore {

    public static final String RAW = "metric_samples";
    public static final String ROLLUPS = "metric_rollups";
    /** one document per instance key that has raw samples: {@code _id} the key, {@code seen} refreshed daily, TTL as raw */
    public static final String INSTANCES = "metric_instances";
    /** the registry's marker that older raw samples were registered (no {@code seen}: never expires) */
    public static final String BACKFILLED = "__backfilled__";
    private static final Logger log = LoggerFactory.getLogger(SampleStore.class);

    /** instance keys remembered before the map is dropped (and re-read from the store as they come) */
    private static final int MAX_REMEMBERED = 200_000;

    private final ReactiveMongoTemplate mongo;
    private final MetricsProperties properties;
    /** newest stored sample time per instance key ({@link Instant#MIN}: none stored) */
    private final Map<String, Instant> lastStored = new ConcurrentHashMap<>();
    /** the epoch day an instance's registry document was last written by this process */
    private final Map<String, Long> registeredOn = new ConcurrentHashMap<>();

    public SampleStore(ReactiveMongoTemplate mongo, MetricsProperties properties) {
        this.mongo = mongo;
        this.properties = properties;
    }

    /**
     * The registry filled from older raw samples, once; every save waits for it (the Kafka consumer
     * may start before the application is ready). A failure is not cached: the next save tries again.
     */
    private final Mono<Void> registryReady = Mono.defer(this::backfillRegistry)
            .cache(v -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ofMillis(Long.MAX_VALUE));

    @EventListener(ApplicationReadyEvent.class)
    public void createIndexes() {
        ensureIndexes().then(registryReady).block(Duration.ofSeconds(60));
    }

    public Mono<Void> ensureIndexes() {
        return Mono.when(
                mongo.getCollection(RAW).flatMap(c -> Mono.from(c.createIndex(Indexes.ascending("time"),
                        new IndexOptions().name("ttl_time").expireAfter(properties.rawTtl().toSeconds(), TimeUnit.SECONDS)))),
                mongo.getCollection(RAW).flatMap(c -> Mono.from(c.createIndex(
                        Indexes.ascending("application", "environment", "version", "time"),
                        new IndexOptions().name("target_version_time")))),
                mongo.getCollection(RAW).flatMap(c -> Mono.from(c.createIndex(
                        Indexes.ascending(SampleBuckets.KEY, SampleBuckets.TIME), new IndexOptions().name("instance_time")))),
                mongo.getCollection(INSTANCES).flatMap(c -> Mono.from(c.createIndex(Indexes.ascending("seen"),
                        new IndexOptions().name("ttl_seen").expireAfter(properties.rawTtl().toSeconds(), TimeUnit.SECONDS)))),
                mongo.getCollection(ROLLUPS).flatMap(c -> Mono.from(c.createIndex(Indexes.ascending("minute"),
                        new IndexOptions().name("ttl_minute").expireAfter(properties.rollupTtl().toSeconds(), TimeUnit.SECONDS)))),
                mongo.getCollection(ROLLUPS).flatMap(c -> Mono.from(c.createIndex(
                        Indexes.ascending("application", "environment", "version", "minute"),
                        new IndexOptions().name("target_version_minute")))))
                .doOnSuccess(v -> log.info("indexes ready: {} TTL {}, {} TTL {}", RAW, properties.rawTtl(), ROLLUPS,
                        properties.rollupTtl()));
    }

    /**
     * Stores the samples and rolls up those not stored before; completes with how many were new.
     * Called by one flush at a time ({@link SampleWriter}).
     */
    public Mono<Integer> save(List<MetricSampleRecorded> samples) {
        if (samples.isEmpty()) {
            return Mono.just(0);
        }
        Map<String, List<MetricSampleRecorded>> byInstance = new LinkedHashMap<>();
        for (MetricSampleRecorded s : samples) {
            byInstance.computeIfAbsent(SampleBuckets.key(s), k -> new ArrayList<>()).add(s);
        }
        if (lastStored.size() > MAX_REMEMBERED) {
            lastStored.clear();
            registeredOn.clear();
        }
        List<String> unknown = byInstance.keySet().stream().filter(k -> !lastStored.containsKey(k)).toList();
        return registryReady.then(loadLastStored(unknown)).then(refreshRegistrations(byInstance.keySet())).then(Mono.defer(() -> {
            List<List<MetricSampleRecorded>> groups = new ArrayList<>(byInstance.size());
            List<RawBsonDocument> docs = new ArrayList<>(byInstance.size());
            byInstance.forEach((key, group) -> {
                List<MetricSampleRecorded> fresh = newerThan(lastStored.get(key), group);
                if (!fresh.isEmpty()) {
                    groups.add(fresh);
                    docs.add(SampleBuckets.toDocument(fresh));
                }
            });
            if (docs.isEmpty()) {
                return Mono.just(0);
            }
            return insert(docs).flatMap(duplicates -> {
                List<MetricSampleRecorded> fresh = new ArrayList<>(samples.size());
                for (int i = 0; i < groups.size(); i++) {
                    List<MetricSampleRecorded> group = groups.get(i);
                    if (!duplicates.contains(i)) {
                        fresh.addAll(group);
                    }
                    lastStored.merge(SampleBuckets.key(group.get(0)), group.get(group.size() - 1).time(),
                            (a, b) -> a.isAfter(b) ? a : b);
                }
                // retried on its own: retrying the insert would find these samples stored and skip their roll-up
                return rollUp(fresh).retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                        .maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(r -> log.warn("rolling up {} samples failed, retrying: {}", fresh.size(),
                                r.failure().toString())))
                        .thenReturn(fresh.size());
            });
        }));
    }

    /** The group's samples after {@code last}, strictly increasing in time (a repeat is dropped). */
    private static List<MetricSampleRecorded> newerThan(Instant last, List<MetricSampleRecorded> group) {
        List<MetricSampleRecorded> ordered = new ArrayList<>(group);
        ordered.sort(java.util.Comparator.comparing(MetricSampleRecorded::time));
        List<MetricSampleRecorded> fresh = new ArrayList<>(ordered.size());
        Instant previous = last == null ? Instant.MIN : last;
        for (MetricSampleRecorded s : ordered) {
            if (s.time().isAfter(previous)) {
                fresh.add(s);
                previous = s.time();
            }
        }
        return fresh;
    }

    /** Unordered insert; completes with the indexes of documents that were stored already. */
    private Mono<Set<Integer>> insert(List<RawBsonDocument> docs) {
        return mongo.getCollection(RAW)
                .flatMap(c -> Mono.from(c.withDocumentClass(RawBsonDocument.class)
                                .insertMany(docs, new InsertManyOptions().ordered(false)))
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
                        }));
    }

    /**
     * Reads the newest stored sample time of instances this process has not stored for yet. Only
     * instances in the registry ({@link #INSTANCES}, looked up by {@code _id}) can have stored
     * samples; their newest time comes from the raw samples. A brand-new instance — every instance
     * of a fresh deployment — costs one {@code _id} lookup, not a query over the raw samples (which
     * the Mongo-wire server of the local stack answers by scanning them all). The new ones are
     * registered before their samples are inserted, so a crash in between leaves a registered
     * instance without samples (harmless), never samples without a registration.
     */
    private Mono<Void> loadLastStored(List<String> keys) {
        if (keys.isEmpty()) {
            return Mono.empty();
        }
        return mongo.getCollection(INSTANCES)
                .flatMapMany(c -> Flux.from(c.find(new Document("_id", new Document("$in", keys)))
                        .projection(new Document("_id", 1))))
                .map(d -> d.getString("_id"))
                .collectList()
                .flatMap(registered -> {
                    Set<String> known = new HashSet<>(registered);
                    List<String> fresh = keys.stream().filter(k -> !known.contains(k)).toList();
                    return newestStored(List.copyOf(known)).then(registerNew(fresh));
                })
                .then(Mono.fromRunnable(() -> keys.forEach(k -> lastStored.putIfAbsent(k, Instant.MIN))));
    }

    private Mono<Void> newestStored(List<String> keys) {
        if (keys.isEmpty()) {
            return Mono.empty();
        }
        List<Document> pipeline = List.of(
                new Document("$match", new Document(SampleBuckets.KEY, new Document("$in", keys))),
                new Document("$group", new Document("_id", "$" + SampleBuckets.KEY)
                        .append("last", new Document("$max", "$" + SampleBuckets.TIME))));
        return mongo.getCollection(RAW).flatMapMany(c -> Flux.from(c.aggregate(pipeline)))
                .doOnNext(d -> lastStored.merge(d.getString("_id"), d.getDate("last").toInstant(),
                        (x, y) -> x.isAfter(y) ? x : y))
                .then();
    }

    /**
     * Registers instances not in the registry: one unordered insert (cheaper for the store than
     * upserts); one registered meanwhile by another instance of the service (REST samples of an
     * instance may reach any) is a duplicate key, which is what it should be.
     */
    private Mono<Void> registerNew(List<String> keys) {
        if (keys.isEmpty()) {
            return Mono.empty();
        }
        Date now = new Date();
        long today = LocalDate.now(ZoneOffset.UTC).toEpochDay();
        List<Document> docs = keys.stream().map(k -> new Document("_id", k).append("seen", now)).toList();
        return mongo.getCollection(INSTANCES)
                .flatMap(c -> Mono.from(c.insertMany(docs, new InsertManyOptions().ordered(false))).then()
                        .onErrorResume(MongoBulkWriteException.class, e -> e.getWriteErrors().stream()
                                .allMatch(err -> err.getCode() == 11000) ? Mono.empty() : Mono.error(e)))
                .doOnSuccess(v -> keys.forEach(k -> registeredOn.put(k, today)));
    }

    /** Keeps the registry documents of instances still storing from expiring: rewritten once a day. */
    private Mono<Void> refreshRegistrations(Set<String> keys) {
        long today = LocalDate.now(ZoneOffset.UTC).toEpochDay();
        List<String> due = keys.stream().filter(k -> registeredOn.getOrDefault(k, Long.MIN_VALUE) < today).toList();
        return register(due);
    }

    /** Writes registry documents ({@code seen} = now), as upserts: one may have expired meanwhile. */
    private Mono<Void> register(List<String> keys) {
        if (keys.isEmpty()) {
            return Mono.empty();
        }
        Date now = new Date();
        long today = LocalDate.now(ZoneOffset.UTC).toEpochDay();
        List<WriteModel<Document>> writes = new ArrayList<>(keys.size());
        for (String key : keys) {
            writes.add(new UpdateOneModel<>(new Document("_id", key), new Document("$set", new Document("seen", now)),
                    new UpdateOptions().upsert(true)));
        }
        return mongo.getCollection(INSTANCES)
                .flatMap(c -> Mono.from(c.bulkWrite(writes, new BulkWriteOptions().ordered(false))))
                .doOnSuccess(r -> keys.forEach(k -> registeredOn.put(k, today)))
                .then();
    }

    /**
     * Registers the instances of raw samples stored before the registry existed, so their newest
     * stored time is still looked up after an upgrade; then writes {@link #BACKFILLED}, so it runs
     * once per database (again only if it failed before the marker was written).
     */
    public Mono<Void> backfillRegistry() {
        return mongo.getCollection(INSTANCES)
                .flatMap(c -> Mono.from(c.find(new Document("_id", BACKFILLED)).first()))
                .hasElement()
                .flatMap(done -> done ? Mono.<Void>empty() : mongo.getCollection(RAW)
                        .flatMap(c -> Flux.from(c.distinct(SampleBuckets.KEY, String.class)).collectList())
                        .flatMap(keys -> keys.isEmpty() ? Mono.<Void>empty() : register(keys).doOnSuccess(v -> log.info(
                                "registered {} instances of stored raw samples in {}", keys.size(), INSTANCES)))
                        .then(mongo.getCollection(INSTANCES).flatMap(c -> Mono.from(c.replaceOne(
                                new Document("_id", BACKFILLED), new Document("_id", BACKFILLED).append("at", new Date()),
                                new com.mongodb.client.model.ReplaceOptions().upsert(true)))))
                        .then());
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

    /** Raw samples of a target in [from, to), oldest first, at most {@code limit} (replay of a stored range). */
    public Flux<MetricSampleRecorded> raw(String application, String environment, Instant from, Instant to,
            int limit) {
        if (limit <= 0) {
            return Flux.empty();
        }
        // documents whose samples overlap the range
        Document filter = new Document("application", application).append("environment", environment)
                .append(SampleBuckets.TIME, new Document("$gte", Date.from(from)))
                .append("$or", List.of(new Document(SampleBuckets.FROM, new Document("$lt", Date.from(to))),
                        // a document from before samples were grouped: one sample, no 'from'
                        new Document(SampleBuckets.FROM, new Document("$exists", false))));
        return Flux.defer(() -> {
            // the earliest `limit` samples, newest of them on top; documents come oldest `from` first,
            // so once `limit` are held a document starting after the newest of them cannot add one
            java.util.PriorityQueue<MetricSampleRecorded> earliest = new java.util.PriorityQueue<>(
                    java.util.Comparator.comparing(MetricSampleRecorded::time).reversed());
            return mongo.getCollection(RAW)
                    .flatMapMany(c -> Flux.from(c.find(filter).sort(new Document(SampleBuckets.FROM, 1))))
                    .takeWhile(d -> earliest.size() < limit || d.getDate(SampleBuckets.FROM) == null
                            || !d.getDate(SampleBuckets.FROM).toInstant().isAfter(earliest.peek().time()))
                    .doOnNext(d -> {
                        for (MetricSampleRecorded s : SampleBuckets.fromDocument(d)) {
                            if (!s.time().isBefore(from) && s.time().isBefore(to)) {
                                earliest.add(s);
                                if (earliest.size() > limit) {
                                    earliest.poll();
                                }
                            }
                        }
                    })
                    .thenMany(Flux.defer(() -> {
                        List<MetricSampleRecorded> ordered = new ArrayList<>(earliest);
                        ordered.sort(java.util.Comparator.comparing(MetricSampleRecorded::time));
                        return Flux.fromIterable(ordered);
                    }));
        });
    }
}
