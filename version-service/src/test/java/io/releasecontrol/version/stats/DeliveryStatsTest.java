package io.releasecontrol.version.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.version.environment.UpgradeEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryStatsTest {

    private static final Instant DAY0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant DAY10 = Instant.parse("2026-03-11T00:00:00Z");

    /** A known history of shop/production over ten days. */
    private static List<UpgradeEntry> history() {
        List<UpgradeEntry> h = new ArrayList<>();
        // day 1: 1.0.0 deployed
        h.add(entry(1, "1.0.0", "success", "deployment", "2026-03-01T10:00:00Z", null));
        // day 2: 1.1.0 fails during migration
        h.add(entry(2, "1.1.0", "failed", "deployment", "2026-03-02T10:00:00Z", null));
        // day 3: 1.1.0 goes live, breaches, is rolled back 25 minutes later
        h.add(entry(3, "1.1.0", "rolled_back", "deployment", "2026-03-03T10:00:00Z", "2026-03-03T10:25:00Z"));
        h.add(entry(4, "1.0.0", "success", "rollback", "2026-03-03T10:25:00Z", null));
        // day 5: 1.1.1 goes live and stays
        h.add(entry(5, "1.1.1", "success", "deployment", "2026-03-05T10:00:00Z", null));
        // day 6: 1.2.0 rolled back after 35 minutes
        h.add(entry(6, "1.2.0", "rolled_back", "deployment", "2026-03-06T10:00:00Z", "2026-03-06T10:35:00Z"));
        h.add(entry(7, "1.1.1", "success", "rollback", "2026-03-06T10:35:00Z", null));
        // an admin pins a version by hand: not a deployment
        h.add(entry(8, "1.1.1", "success", "manual", "2026-03-07T09:00:00Z", null));
        // outside the range: ignored
        h.add(entry(9, "2.0.0", "success", "deployment", "2026-03-20T10:00:00Z", null));
        return h;
    }

    @Test
    void computesEveryFigureOfAKnownHistory() {
        var commitTimes = Map.of("shop:1.0.0", Instant.parse("2026-02-28T10:00:00Z"), // lead time 24 h
                "shop:1.1.1", Instant.parse("2026-03-05T08:00:00Z")); // lead time 2 h

        List<DeliveryStats> stats = DeliveryStats.compute(history(), commitTimes, DAY0, DAY10);

        assertThat(stats).singleElement().satisfies(s -> {
            assertThat(s.deployments()).as("7 deployments: 5 changes and 2 rollbacks, the manual pin is none").isEqualTo(7);
            assertThat(s.succeeded()).isEqualTo(6);
            assertThat(s.failed()).isEqualTo(1);
            assertThat(s.rolledBack()).isEqualTo(2);
            assertThat(s.rollbacks()).isEqualTo(2);
            assertThat(s.upgradeSuccessRate()).isEqualTo(0.8571); // 6 of 7
            assertThat(s.changeFailureRate()).isEqualTo(0.6); // 1 failed + 2 rolled back of 5 changes
            assertThat(s.meanTimeToRestore()).isEqualTo("PT30M"); // (25 + 35) / 2 minutes
            assertThat(s.restores()).isEqualTo(2);
            assertThat(s.deploymentsPerDay()).isEqualTo(0.4); // 4 completed changes in 10 days
            assertThat(s.meanLeadTime()).isEqualTo("PT13H"); // (24 h + 2 h) / 2
            assertThat(s.leadTimeSamples()).isEqualTo(2);
        });
    }

    @Test
    void leavesRatesEmptyWhenThereIsNothingToDivide() {
        var onlyManual = List.of(entry(1, "1.0.0", "success", "manual", "2026-03-02T00:00:00Z", null));

        var s = DeliveryStats.compute(onlyManual, Map.of(), DAY0, DAY10).get(0);

        assertThat(s.deployments()).isZero();
        assertThat(s.upgradeSuccessRate()).isNull();
        assertThat(s.changeFailureRate()).isNull();
        assertThat(s.meanTimeToRestore()).isNull();
        assertThat(s.meanLeadTime()).isNull();
    }

    @Test
    void separatesTargets() {
        var entries = new ArrayList<>(history());
        entries.add(new UpgradeEntry(99, "shop", "staging", null, "1.0.0", "success", "deployment",
                Instant.parse("2026-03-01T09:00:00Z"), null, null, null, null, "d99", 1L, null, null, null));

        var stats = DeliveryStats.compute(entries, Map.of(), DAY0, DAY10);

        assertThat(stats).extracting(s -> s.environment() + ":" + s.deployments())
                .containsExactlyInAnyOrder("production:7", "staging:1");
    }

    private static UpgradeEntry entry(long seq, String version, String status, String kind, String at, String rolledBackAt) {
        return new UpgradeEntry(seq, "shop", "production", null, version, status, kind, Instant.parse(at), "PT1M", "dan",
                null, null, "d" + seq, seq, null, rolledBackAt == null ? null : Instant.parse(rolledBackAt), null);
    }
}
