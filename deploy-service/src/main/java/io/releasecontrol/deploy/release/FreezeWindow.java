package io.releasecontrol.deploy.release;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A time during which an environment takes only rollbacks and approved hotfixes. Either a date
 * range ({@code start} inclusive, {@code end} exclusive, local times of {@code zone}) or a weekly
 * window ({@code days} from {@code from} to {@code to}, local times; {@code to} at or before
 * {@code from} runs into the next day, so {@code 00:00–00:00} is the whole day).
 */
record FreezeWindow(String name, ZoneId zone, LocalDateTime start, LocalDateTime end, Set<DayOfWeek> days,
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

    /** A range's start as written: a local date-time, or a date from its first moment. */
    static LocalDateTime rangeStart(String text) {
        return text.contains("T") ? LocalDateTime.parse(text) : LocalDate.parse(text).atStartOfDay();
    }

    /** A range's end as written: a local date-time, or a date through its last moment (the next day's start). */
    static LocalDateTime rangeEnd(String text) {
        return text.contains("T") ? LocalDateTime.parse(text) : LocalDate.parse(text).plusDays(1).atStartOfDay();
    }

    /** A weekday as written: MONDAY..SUNDAY or MON..SUN, in any case, blanks around; null when it is none. */
    static DayOfWeek day(String text) {
        if (text == null) {
            return null;
        }
        String v = text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(DayOfWeek.values()).filter(d -> d.name().equals(v) || d.name().substring(0, 3).equals(v))
                .findFirst().orElse(null);
    }

    /** The weekdays as written, in their order, each once. */
    static Set<DayOfWeek> days(List<String> texts) {
        return texts.stream().map(FreezeWindow::day).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
