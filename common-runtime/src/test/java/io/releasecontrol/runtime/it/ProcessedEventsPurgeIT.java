package io.releasecontrol.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.inbox.InboxProperties;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import io.releasecontrol.runtime.inbox.ProcessedEventsPurge;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

/** The inbox purge against the real PostgreSQL: only rows past the horizon go, batch by batch. */
@RcIntegrationTest
@TestPropertySource(properties = "rc.outbox.relay-enabled=false")
class ProcessedEventsPurgeIT {

    private static final String CONSUMER = "purge-it";

    @Autowired
    DatabaseClient db;
    @Autowired
    ProcessedEvents processed;
    @Autowired
    ProcessedEventsPurge configuredPurge;

    private void processedDaysAgo(String eventId, int days) {
        db.sql("""
                INSERT INTO rc_processed_events (consumer, event_id, event_type, processed_at)
                VALUES (:consumer, :id, 'test', now() - make_interval(days => :days))""")
                .bind("consumer", CONSUMER).bind("id", eventId).bind("days", days)
                .then().block();
    }

    private List<String> remaining() {
        return db.sql("SELECT event_id FROM rc_processed_events WHERE consumer = :consumer ORDER BY event_id")
                .bind("consumer", CONSUMER).map(row -> row.get("event_id", String.class)).all().collectList().block();
    }

    @Test
    void deletesOnlyRowsPastTheHorizonInBatches() {
        for (int i = 1; i <= 5; i++) {
            processedDaysAgo("old-" + i, 40);
        }
        processedDaysAgo("recent-29d", 29);
        processedDaysAgo("recent-today", 0);

        // batches of two: 2 + 2 + 1, the last one short, which ends the round
        var purge = new ProcessedEventsPurge(db, new InboxProperties(Duration.ofDays(30), Duration.ofHours(1), 2));
        assertThat(purge.purge().block()).isEqualTo(5L);

        assertThat(remaining()).containsExactly("recent-29d", "recent-today");
        // an event whose row is gone is not known to have been processed: a redelivery would run again
        assertThat(processed.isProcessed(CONSUMER, "old-1").block()).isFalse();
        assertThat(processed.isProcessed(CONSUMER, "recent-29d").block()).isTrue();

        // nothing left past the horizon: the service's own purge (defaults) finds nothing
        assertThat(configuredPurge.purge().block()).isZero();
        assertThat(remaining()).hasSize(2);
    }
}
