package io.releasecontrol.deploy.release;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * A time during which an environment takes only rollbacks and approved hotfixes. Either a date
 * range ({@code start} inclusive, {@code end} exclusive, local times of {@code zone}) or a weekly
 * window ({@code days} from {@code from} to {@code to}, local times; {@code to} at or before
 * {@code from} runs into the next day, so {@code 00:00–00:00} is the whole day).
 */
public record FreezeWindow(String name, ZoneId zone, LocalDateTime start, LocalDateTime end, Set<DayOfWeek> days,
        LocalTime from, LocalTime to, String reason) {

    /** Weekly windows that touch (a whole weekend) are followed to their real end, up to a week. */
    private static final int MAX_CHAINED_DAYS = 8;

    public boolean weekly() {
        return days != null;
    }

    /** When the window covering {@code now} ends; empty when it does not cover {@code now}. */
    public Optional<Instant> endOfCoverage(Instant now) {
        if (!weekly()) {
            Instant s = start.atZone(zone).toInstant();
            Instant e = end.atZone(zone).toInstant();
            return !now.isBefore(s) && now.isBefore(e) ? Optional.of(e) : Optional.empty();
        }
        Optional<Instant> until = weeklyEnd(now);
        for (int i = 0; i < MAX_CHAINED_DAYS && until.isPresent(); i++) {
            Optional<Instant> next = weeklyEnd(until.get());
            if (next.isEmpty() || !next.get().isAfter(until.get())) {
                break;
            }
            until = next;
        }
        return until;
    }

    private Optional<Instant> weeklyEnd(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        DayOfWeek day = local.getDayOfWeek();
        LocalTime t = local.toLocalTime();
        if (from.isBefore(to)) {
            return days.contains(day) && !t.isBefore(from) && t.isBefore(to)
                    ? Optional.of(local.with(to).toInstant()) : Optional.empty();
        }
        // runs past midnight: started today, or started yesterday and not over yet
        if (days.contains(day) && !t.isBefore(from)) {
            return Optional.of(local.toLocalDate().plusDays(1).atTime(to).atZone(zone).toInstant());
        }
        if (days.contains(day.minus(1)) && t.isBefore(to)) {
            return Optional.of(local.toLocalDate().atTime(to).atZone(zone).toInstant());
        }
        return Optional.empty();
    }
}
