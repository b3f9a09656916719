package io.releasecontrol.orchestrator.messaging;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.version.CurrentVersionChanged;
import io.releasecontrol.events.version.DriftDetected;
import io.releasecontrol.events.version.FeatureChangeAdded;
import io.releasecontrol.events.version.VersionCreated;
import io.releasecontrol.events.version.VersionEvent;
import io.releasecontrol.events.version.VersionReleased;
import io.releasecontrol.orchestrator.target.LastGoodCache;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import io.releasecontrol.runtime.inbox.OnceConsumer;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code rc.versions} feeds the last-good cache: versions that became current (good), versions a
 * rollback replaced (bad), and per version whether crossing it back needs approval.
 */
@Component
class VersionListener {

    static final String CONSUMER = "rollback-orchestrator.versions";
    /** Nothing the cache keeps: a release, a change note or a drift says nothing about good or bad versions. */
    static final Set<Class<? extends VersionEvent>> IGNORED = Set.of(VersionReleased.class, FeatureChangeAdded.class,
            DriftDetected.class);

    private final OnceConsumer inbox;
    private final LastGoodCache cache;

    VersionListener(ProcessedEvents processed, LastGoodCache cache) {
        this.inbox = new OnceConsumer(processed, CONSUMER);
        this.cache = cache;
    }

    @KafkaListener(topics = Topics.VERSIONS, groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        EventEnvelope<RcEvent> envelope = record.value();
        VersionEvent event = OnceConsumer.eventOf(record, VersionEvent.class, "a version event");
        Instant at = envelope.time() == null ? Instant.now() : envelope.time();
        Mono<Void> action = Mono.empty();
        if (event instanceof VersionCreated v) {
            action = cache.facts(v.application(), v.version(), v.breaking(), v.irreversibleMigration());
        } else if (event instanceof CurrentVersionChanged c) {
            action = changed(c, at);
        } else if (!IGNORED.contains(event.getClass())) {
            throw new UnhandledSubtypeException(VersionEvent.class, event);
        }
        inbox.run(record, envelope, action);
    }

    private Mono<Void> changed(CurrentVersionChanged c, Instant at) {
        if ("success".equals(c.status())) {
            return cache.good(c.application(), c.environment(), c.version(), at);
        } else if ("rolled_back".equals(c.status())) {
            // a rollback made c.version() current; the version it replaced is bad there
            return cache.good(c.application(), c.environment(), c.version(), at)
                    .then(c.previousVersion() == null ? Mono.empty()
                            : cache.bad(c.application(), c.environment(), c.previousVersion(), at));
        }
        return Mono.empty(); // a failed change proves nothing about the version
    }
}
