package io.releasecontrol.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.storage.SampleStore;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The raw-sample store against the Mongo-wire server: samples grouped per instance and flush come
 * back as they went in, and a sample is stored and rolled up once even when it is handed over
 * again — by a retried flush, or after a restart (a new store that has not seen the instance).
 */
@RcIntegrationTest
class SampleStoreIT {

    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    MetricsProperties properties;
    @Autowired
    com.mongodb.reactivestreams.client.MongoClient client;

    @Test
    void storesEachSampleOnceAcrossRetriesAndRestartsAndReadsThemBack() {
        String app = "store-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);
        List<MetricSampleRecorded> first = samples(app, t0, 0, 24);
        SampleStore store = new SampleStore(mongo, properties);

        assertThat(store.save(first).block(Duration.ofSeconds(30))).isEqualTo(24);
        // the same flush retried: nothing new
        assertThat(store.save(first).block(Duration.ofSeconds(30))).isZero();
        // a restart: a fresh store reads the newest stored time per instance; of an overlapping
        // redelivery (samples 12..35) only the 12 newer ones are stored
        SampleStore restarted = new SampleStore(mongo, properties);
        assertThat(restarted.save(samples(app, t0, 12, 36)).block(Duration.ofSeconds(30))).isEqualTo(12);

        List<MetricSampleRecorded> back = store.raw(app, "staging", t0, t0.plus(Duration.ofHours(1)), 1000)
                .collectList().block(Duration.ofSeconds(30));
        assertThat(back).hasSize(36).isSortedAccordingTo(java.util.Comparator.comparing(MetricSampleRecorded::time));
        assertThat(back).containsExactlyInAnyOrderElementsOf(samples(app, t0, 0, 36));
        // a range and a limit
        assertThat(store.raw(app, "staging", t0.plusSeconds(30), t0.plusSeconds(60), 1000).collectList().block())
                .hasSize(12).allSatisfy(s -> assertThat(s.time()).isBetween(t0.plusSeconds(30), t0.plusSeconds(59)));
        assertThat(store.raw(app, "staging", t0, t0.plus(Duration.ofHours(1)), 5).collectList().block())
                .containsExactlyElementsOf(back.subList(0, 5));

        // grouped: one document per instance and flush, 36 samples in all
        List<Document> docs = Flux.from(mongo.getCollection(SampleStore.RAW)
                .flatMapMany(c -> c.find(new Document("application", app)))).collectList().block(Duration.ofSeconds(10));
        assertThat(docs).hasSize(6);
        assertThat(docs.stream().mapToInt(d -> d.getInteger("count")).sum()).isEqualTo(36);
        // rolled up once: 36 samples x 100 requests
        long requests = Flux.from(mongo.getCollection(SampleStore.ROLLUPS)
                        .flatMapMany(c -> c.find(new Document("application", app))))
                .map(d -> ((Number) d.get("requests")).longValue()).reduce(0L, Long::sum).block(Duration.ofSeconds(10));
        assertThat(requests).isEqualTo(3600L);

        // each instance registered once, by _id
        List<Document> registered = Flux.from(mongo.getCollection(SampleStore.INSTANCES).flatMapMany(c -> c.find(
                new Document("_id", new Document("$regex", "^" + app + "\\|"))))).collectList().block(Duration.ofSeconds(10));
        assertThat(registered).hasSize(3).allSatisfy(d -> assertThat(d.get("seen")).isInstanceOf(java.util.Date.class));
    }

    @Test
    void rawSamplesStoredBeforeTheRegistryExistedAreStillFoundAfterAnUpgrade() {
        // a database of its own: the backfill runs only on an empty registry
        var database = new ReactiveMongoTemplate(client, "upgrade-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            String app = "upgrade";
            Instant t0 = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);
            SampleStore before = new SampleStore(database, properties);
            before.ensureIndexes().block(Duration.ofSeconds(30));
            assertThat(before.save(samples(app, t0, 0, 24)).block(Duration.ofSeconds(30))).isEqualTo(24);
            // as an older version left it: raw samples, no registry
            database.getCollection(SampleStore.INSTANCES).flatMap(c -> Mono.from(c.deleteMany(new Document())))
                    .block(Duration.ofSeconds(10));

            SampleStore upgraded = new SampleStore(database, properties);
            upgraded.backfillRegistry().block(Duration.ofSeconds(30));
            assertThat(Flux.from(database.getCollection(SampleStore.INSTANCES).flatMapMany(c -> c.find(
                    new Document("_id", new Document("$ne", SampleStore.BACKFILLED))))).count().block(Duration.ofSeconds(10)))
                    .isEqualTo(3);
            // an overlapping redelivery after the upgrade: only the 12 newer samples are stored
            assertThat(upgraded.save(samples(app, t0, 12, 36)).block(Duration.ofSeconds(30))).isEqualTo(12);
            // a second backfill finds its marker and does nothing
            database.getCollection(SampleStore.INSTANCES).flatMap(c -> Mono.from(c.deleteMany(
                    new Document("_id", new Document("$ne", SampleStore.BACKFILLED))))).block(Duration.ofSeconds(10));
            upgraded.backfillRegistry().block(Duration.ofSeconds(30));
            assertThat(Flux.from(database.getCollection(SampleStore.INSTANCES).flatMapMany(c -> c.find()))
                    .count().block(Duration.ofSeconds(10))).as("only the marker").isEqualTo(1);
        } finally {
            database.getMongoDatabase().flatMap(db -> Mono.from(db.drop())).block(Duration.ofSeconds(10));
        }
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive) of 3 instances, 5 s apart per instance. */
    private static List<MetricSampleRecorded> samples(String app, Instant t0, int from, int to) {
        List<MetricSampleRecorded> out = new ArrayList<>();
        for (int n = from; n < to; n++) {
            int instance = n % 3;
            out.add(new MetricSampleRecorded(app, "staging", "1.0.0", "i" + instance, t0.plusMillis(2500L * n),
                    100L, (long) (n % 4), 0L, n % 2 == 0 ? 120.0 : null, 0.3, 0.4, null));
        }
        return out;
    }
}
