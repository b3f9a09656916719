package io.releasecontrol.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's table: one row per figure with its goal and whether this run met it. */
final class Figures {

    record Row(String figure, String value, String goal, Boolean met, String note) {
    }

    private final List<Row> rows = new ArrayList<>();

    /** A figure with a goal; met is null when there is no goal (context only). */
    void add(String figure, String value, String goal, Boolean met, String note) {
        rows.add(new Row(figure, value, goal, met, note));
        System.out.printf("bench: %s = %s%s%n", figure, value, note.isEmpty() ? "" : " (" + note + ")");
    }

    String table() {
        int w0 = "figure".length();
        int w1 = "value".length();
        int w2 = "goal".length();
        for (Row r : rows) {
            w0 = Math.max(w0, r.figure().length());
            w1 = Math.max(w1, r.value().length());
            w2 = Math.max(w2, r.goal().length());
        }
        String format = "| %-" + w0 + "s | %" + w1 + "s | %-" + w2 + "s | %-7s | %s |%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, format, "figure", "value", "goal", "met", "notes"));
        out.append(String.format(Locale.ROOT, "|%s|%s|%s|%s|%s|%n", "-".repeat(w0 + 2), "-".repeat(w1 + 1) + ":",
                "-".repeat(w2 + 2), "-".repeat(9), "-".repeat(7)));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, format, r.figure(), r.value(), r.goal(),
                    r.met() == null ? "" : r.met() ? "yes" : "**no**", r.note()));
        }
        return out.toString();
    }

    /** The value at a percentile (nearest rank) of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.0f ms", millis);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }
}
