package io.releasecontrol.metrics.health;

import com.mongodb.reactivestreams.client.MongoClient;
import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * MongoDB health by {@code ping}, which every server and the in-process MongoDB-wire server of the
 * local stack answer (Boot's own indicator sends {@code hello}, which the wire server lacks).
 * Named {@code mongoHealthIndicator} so it replaces Boot's.
 */
@Component("mongoHealthIndicator")
class MongoPingHealthIndicator extends AbstractReactiveHealthIndicator {

    private final MongoClient client;

    MongoPingHealthIndicator(MongoClient client) {
        super("MongoDB health check failed");
        this.client = client;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return Mono.from(client.getDatabase("admin").runCommand(new Document("ping", 1)))
                .map(reply -> builder.up().withDetail("ping", reply.get("ok")).build());
    }
}
