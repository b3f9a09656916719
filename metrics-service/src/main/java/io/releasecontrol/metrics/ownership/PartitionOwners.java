package io.releasecontrol.metrics.ownership;

import com.mongodb.client.model.ReplaceOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which instance holds each {@code rc.metric-samples} partition, by the address its read endpoints
 * answer on: collection {@code partition_owners}, {@code _id} = the partition, {@code url},
 * {@code instance}, {@code since}. The instance that is assigned a partition writes it (the last
 * writer is the owner: Kafka assigns a partition to one consumer at a time); nobody deletes it, so
 * after an owner dies its entry names a dead address until the partition's new owner writes — a
 * forwarded read meanwhile fails and is answered 503.
 */
public class PartitionOwners {

    static final String COLLECTION = "partition_owners";
    private static final Logger log = LoggerFactory.getLogger(PartitionOwners.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

    private final ReactiveMongoTemplate mongo;
    private final SelfAddress self;

    public PartitionOwners(ReactiveMongoTemplate mongo, SelfAddress self) {
        this.mongo = mongo;
        this.self = self;
    }

    /**
     * Records this instance as the owner of the partitions; called on the consumer thread at
     * assignment, so it waits (bounded). A failure is logged: reads of those targets are then
     * forwarded to the previous owner or answered here from what this instance has.
     */
    void claim(Collection<Integer> partitions) {
        String url = self.url();
        Instant now = Instant.now();
        try {
            Flux.fromIterable(partitions).concatMap(p -> mongo.getCollection(COLLECTION).flatMap(c -> Mono.from(
                    c.replaceOne(new Document("_id", p), new Document("_id", p).append("url", url)
                            .append("instance", self.instance()).append("since", Date.from(now)),
                            new ReplaceOptions().upsert(true))))).then().block(WRITE_TIMEOUT);
            log.info("owner of rc.metric-samples partitions {} at {}", partitions, url);
        } catch (RuntimeException e) {
            log.warn("could not record the ownership of partitions {} ({}): reads of their targets on other "
                    + "instances will not find this one until it is recorded", partitions, e.getMessage());
        }
    }

    /** The address of the partition's owner, as last recorded. */
    public Mono<Optional<String>> ownerOf(int partition) {
        return mongo.getCollection(COLLECTION).flatMap(c -> Mono.from(c.find(new Document("_id", partition)).first()))
                .map(d -> Optional.ofNullable(d.getString("url"))).defaultIfEmpty(Optional.empty());
    }
}
