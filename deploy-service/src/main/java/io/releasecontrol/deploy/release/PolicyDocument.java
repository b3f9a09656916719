package io.releasecontrol.deploy.release;

import io.releasecontrol.events.Strategy;
import java.util.List;

/**
 * A policy as the API takes and shows it, and as it is stored (JSON): durations ISO-8601, local
 * times and dates as in {@link FreezeWindow}, strategies by their wire names.
 */
public record PolicyDocument(String requiredPreceding, String minimumSoak, Integer approvalsRequired,
        String approverRole, String approvalTimeout, List<String> allowedStrategies, List<Window> freezeWindows) {

    /** A freeze window: {@code start}/{@code end} (date range) or {@code days}/{@code from}/{@code to} (weekly). */
    public record Window(String name, String zone, String start, String end, List<String> days, String from,
            String to, String reason) {
    }

    public static PolicyDocument of(EnvironmentPolicy p) {
        return new PolicyDocument(p.requiredPreceding(), p.minimumSoak().toString(), p.approvalsRequired(),
                p.approverRole(), p.approvalTimeout().toString(),
                java.util.Arrays.stream(Strategy.values()).filter(p.allowedStrategies()::contains).map(Strategy::wire)
                        .toList(),
                p.freezeWindows().stream().map(PolicyDocument::window).toList());
    }

    private static Window window(FreezeWindow w) {
        return w.weekly()
                ? new Window(w.name(), w.zone().getId(), null, null,
                        w.days().stream().sorted().map(Enum::name).toList(), w.from().toString(), w.to().toString(),
                        w.reason())
                : new Window(w.name(), w.zone().getId(), w.start().toString(), w.end().toString(), null, null, null,
                        w.reason());
    }
}
