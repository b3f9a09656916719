package io.releasecontrol.deploy.release;

import io.releasecontrol.deploy.checklist.ChecklistItem;
import io.releasecontrol.events.Strategy;
import java.util.List;

/**
 * A policy as the API takes and shows it, and as it is stored (JSON): durations ISO-8601, local
 * times and dates as in {@link FreezeWindow}, strategies by their wire names.
 */
public record PolicyDocument(String requiredPreceding, String minimumSoak, Integer approvalsRequired,
        String approverRole, String approvalTimeout, List<String> allowedStrategies, List<Window> freezeWindows,
        Checklists checklist) {

    /** A policy without checklists (as stored before they existed). */
    public PolicyDocument(String requiredPreceding, String minimumSoak, Integer approvalsRequired, String approverRole,
            String approvalTimeout, List<String> allowedStrategies, List<Window> freezeWindows) {
        this(requiredPreceding, minimumSoak, approvalsRequired, approverRole, approvalTimeout, allowedStrategies,
                freezeWindows, null);
    }

    /** The checklists: {@code pre} before the deployment starts, {@code post} after it succeeded. */
    public record Checklists(List<Item> pre, List<Item> post) {
    }

    /** An item; with {@code check} (version-exists, migrations-declared, ...) it is evaluated, else confirmed by a person. */
    public record Item(String id, String title, String check) {
    }

    /** A freeze window: {@code start}/{@code end} (date range) or {@code days}/{@code from}/{@code to} (weekly). */
    public record Window(String name, String zone, String start, String end, List<String> days, String from,
            String to, String reason) {
    }

    public static PolicyDocument of(EnvironmentPolicy p) {
        return new PolicyDocument(p.requiredPreceding(), p.minimumSoak().toString(), p.approvalsRequired(),
                p.approverRole(), p.approvalTimeout().toString(),
                java.util.Arrays.stream(Strategy.values()).filter(p.allowedStrategies()::contains).map(Strategy::wire)
                        .toList(),
                p.freezeWindows().stream().map(PolicyDocument::window).toList(),
                p.checklist().isEmpty() ? null : new Checklists(items(p.checklist().pre()), items(p.checklist().post())));
    }

    private static List<Item> items(List<ChecklistItem> items) {
        return items.stream().map(i -> new Item(i.id(), i.title(), i.check() == null ? null : i.check().wire()))
                .toList();
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
