package io.releasecontrol.metrics.evaluation;

import io.releasecontrol.events.metric.MetricSampleRecorded;

/**
 * One version's request and error counts in the current time slot of the sequential tests (and what
 * it carried over from slots its baseline did not report in), so that a canary's errors are
 * compared with its baseline's in the same seconds: an incident that hits both cancels out.
 */
final class SlotCounts {

    /** slots a version's unpaired counts are carried before they are dropped from the paired test */
    static final int MAX_CARRY = 10;

    long slot = Long.MIN_VALUE;
    long requests;
    long errors;
    long http5xx;
    private long carriedRequests;
    private long carriedErrors;
    private long carried5xx;
    private int carriedSlots;
    /** whether a baseline reported in this slot, i.e. these counts were compared */
    boolean paired;
    /** custom counters of this slot and the carried ones, by name: {this slot, carried} */
    private java.util.Map<String, long[]> custom;

    void add(MetricSampleRecorded s, long slotIndex) {
        if (slotIndex < slot) {
            // a late sample: it still counts, in the current slot
            slotIndex = slot;
        }
        if (slotIndex > slot) {
            roll(slotIndex);
        }
        requests += s.requests() == null ? 0 : s.requests();
        errors += s.errors() == null ? 0 : s.errors();
        http5xx += s.http5xx() == null ? 0 : s.http5xx();
        if (s.custom() != null) {
            if (custom == null) {
                custom = new java.util.HashMap<>(8);
            }
            s.custom().forEach((name, v) -> custom.computeIfAbsent(name, k -> new long[2])[0] += Math.round(v));
        }
    }

    /** the custom counter {@code name} in this slot */
    long custom(String name) {
        long[] c = custom == null ? null : custom.get(name);
        return c == null ? 0 : c[0];
    }

    /** the custom counter {@code name} in this slot and the carried ones */
    long pairedCustom(String name) {
        long[] c = custom == null ? null : custom.get(name);
        return c == null ? 0 : c[0] + c[1];
    }

    private void roll(long slotIndex) {
        boolean carry = !paired && slot != Long.MIN_VALUE && carriedSlots < MAX_CARRY && slotIndex - slot <= MAX_CARRY;
        if (carry) {
            carriedRequests += requests;
            carriedErrors += errors;
            carried5xx += http5xx;
            carriedSlots++;
        } else {
            carriedRequests = 0;
            carriedErrors = 0;
            carried5xx = 0;
            carriedSlots = 0;
        }
        if (custom != null) {
            for (long[] c : custom.values()) {
                c[1] = carry ? c[1] + c[0] : 0;
                c[0] = 0;
            }
        }
        slot = slotIndex;
        requests = 0;
        errors = 0;
        http5xx = 0;
        paired = false;
    }

    /** requests of this slot and the carried ones */
    long pairedRequests() {
        return requests + carriedRequests;
    }

    /** events of {@code metric} (errors or 5xx) of this slot and the carried ones */
    long pairedEvents(Metric metric) {
        return metric == Metric.HTTP_5XX_PER_MINUTE ? http5xx + carried5xx : errors + carriedErrors;
    }

    long events(Metric metric) {
        return metric == Metric.HTTP_5XX_PER_MINUTE ? http5xx : errors;
    }
}
