package io.releasecontrol.deploy.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreezeWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static FreezeWindow weekly(Set<DayOfWeek> days, String from, String to) {
        return new FreezeWindow("w", BERLIN, null, null, days, LocalTime.parse(from), LocalTime.parse(to), null);
    }

    @Test
    void aDateRangeCoversItsStartButNotItsEndInItsZone() {
        var w = new FreezeWindow("xmas", BERLIN, LocalDateTime.parse("2026-12-24T00:00"),
                LocalDateTime.parse("2026-12-27T00:00"), null, null, null, null);
        // midnight in Berlin is 23:00 UTC the day before (CET, UTC+1)
        assertThat(w.endOfCoverage(Instant.parse("2026-12-23T22:59:59Z"))).isEmpty();
        assertThat(w.endOfCoverage(Instant.parse("2026-12-23T23:00:00Z")))
                .contains(Instant.parse("2026-12-26T23:00:00Z"));
        assertThat(w.endOfCoverage(Instant.parse("2026-12-26T23:00:00Z"))).isEmpty();
    }

    @Test
    void aWeeklyWindowCoversItsHoursOnItsDays() {
        var friday = weekly(Set.of(DayOfWeek.FRIDAY), "16:00", "20:00");
        // 2026-11-27 is a Friday; Berlin is UTC+1 in November
        assertThat(friday.endOfCoverage(Instant.parse("2026-11-27T14:59:00Z"))).isEmpty();
        assertThat(friday.endOfCoverage(Instant.parse("2026-11-27T15:00:00Z")))
                .contains(Instant.parse("2026-11-27T19:00:00Z"));
        assertThat(friday.endOfCoverage(Instant.parse("2026-11-26T16:00:00Z"))).as("a Thursday").isEmpty();
    }

    @Test
    void aWindowEndingAtOrBeforeItsStartRunsIntoTheNextDay() {
        var night = weekly(Set.of(DayOfWeek.FRIDAY), "22:00", "06:00");
        // Saturday 05:00 Berlin is still Friday night's window
        assertThat(night.endOfCoverage(Instant.parse("2026-11-28T04:00:00Z")))
                .contains(Instant.parse("2026-11-28T05:00:00Z"));
        assertThat(night.endOfCoverage(Instant.parse("2026-11-28T05:00:00Z"))).isEmpty();
    }

    @Test
    void touchingWholeDaysAreFollowedToTheirRealEnd() {
        var weekend = weekly(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), "00:00", "00:00");
        // Saturday noon: the freeze lasts until Monday 00:00 Berlin, not Sunday 00:00
        assertThat(weekend.endOfCoverage(Instant.parse("2026-11-28T11:00:00Z")))
                .contains(Instant.parse("2026-11-29T23:00:00Z"));
        assertThat(weekend.endOfCoverage(Instant.parse("2026-11-30T11:00:00Z"))).as("a Monday").isEmpty();
    }
}
