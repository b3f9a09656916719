package io.releasecontrol.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.releasecontrol.runtime.outbox.OutboxBacklog.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboxBacklogTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", textBlock = """
            # case,                                          pending, db age s, seconds later, expected age ms
            nothing pending: no age however long it stays,   0,       null,     600,           0
            just read: the database's age,                   3,       12.5,     0,             12500
            the oldest keeps waiting between refreshes,      3,       12.5,     4,             16500
            this clock stepped back: no negative wait,       3,       12.5,     -2,            12500
            database clock ahead of the row: clock noise,    1,       -0.2,     0,             0
            a count with no age is still pending,            2,       null,     5,             5000
            """)
    void agesTheOldestPendingRowBetweenRefreshes(String name, long pending, Double dbAgeSeconds, long secondsLater,
            long expectedMillis) {
        Snapshot s = Snapshot.of(pending, dbAgeSeconds, T0);

        assertThat(s.oldestAgeAt(T0.plusSeconds(secondsLater))).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @Test
    void registersPendingCountAndOldestAgeInSeconds() {
        var registry = new SimpleMeterRegistry();
        new OutboxBacklog(null).bindTo(registry);

        // before the first refresh: nothing known to be pending
        assertThat(registry.get("rc.outbox.pending").gauge().value()).isZero();
        assertThat(registry.get("rc.outbox.oldest.pending.age").timeGauge().value(TimeUnit.SECONDS)).isZero();
    }
}
