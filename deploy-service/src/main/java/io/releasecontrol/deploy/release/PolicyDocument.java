package io.releasecontrol.deploy.release;

import static io.releasecontrol.runtime.validation.FieldMessages.REQUIRED;
import static io.releasecontrol.runtime.validation.FieldMessages.TOO_LONG;

import io.releasecontrol.deploy.checklist.AutoCheck;
import io.releasecontrol.deploy.checklist.Checklist;
import io.releasecontrol.deploy.checklist.ChecklistItem;
import io.releasecontrol.deploy.validation.Names;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.validation.Between;
import io.releasecontrol.runtime.validation.IsoDuration;
import io.releasecontrol.runtime.validation.Matches;
import io.releasecontrol.runtime.validation.MaxItems;
import io.releasecontrol.runtime.validation.OneOf;
import io.releasecontrol.runtime.validation.TimeZoneId;
import io.releasecontrol.runtime.validation.Unique;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A policy as the API takes and shows it, and as it is stored (JSON): durations ISO-8601, local
 * times and dates as in {@link FreezeWindow}, strategies by their wire names. The constraints are the
 * rules of each field; {@link PolicyChecks} holds those across fields.
 */
record PolicyDocument(
        @Matches(Names.NAME) String requiredPreceding,
        @IsoDuration(max = MAX_SOAK) String minimumSoak,
        @Between(min = 0, max = MAX_APPROVALS) Integer approvalsRequired,
        @OneOf(value = {TrustedIdentity.ADMIN, TrustedIdentity.DEPLOYER},
                message = "must be admin or deployer, got '{rejected}'") String approverRole,
        @IsoDuration(max = MAX_APPROVAL_TIMEOUT, positive = true) String approvalTimeout,
        @Size(min = 1, message = "must name at least one of rolling, blue-green, canary")
        List<@NotNull(message = NOT_A_STRATEGY + "'null'")
                @OneOf(value = {"rolling", "blue-green", "canary"}, message = NOT_A_STRATEGY + "'{rejected}'") String>
                allowedStrategies,
        @MaxItems(value = MAX_WINDOWS, message = "at most {value} windows, got {size}")
        @Unique(value = "name", message = "'{name}' is used twice")
        List<@NotNull(message = NOT_AN_OBJECT) @Valid Window> freezeWindows,
        @Valid Checklists checklist) {

    /** The longest soak a promotion can demand: a quarter (the time arithmetic stays far from overflow). */
    static final String MAX_SOAK = "P90D";
    /** The longest a deployment may wait for its approvals. */
    static final String MAX_APPROVAL_TIMEOUT = "P30D";
    static final int MAX_APPROVALS = 10;
    static final int MAX_WINDOWS = 50;
    static final int MAX_ITEMS = 30;
    /** Item ids appear in the confirm path: lower case, digits and dashes. */
    static final String ITEM_ID = "^[a-z0-9][a-z0-9-]{0,62}$";
    static final String NOT_AN_OBJECT = "must be an object";
    static final String NOT_A_STRATEGY = "must be rolling, blue-green or canary, got ";

    /** A policy without checklists (as stored before they existed). */
    public PolicyDocument(String requiredPreceding, String minimumSoak, Integer approvalsRequired, String approverRole,
            String approvalTimeout, List<String> allowedStrategies, List<Window> freezeWindows) {
        this(requiredPreceding, minimumSoak, approvalsRequired, approverRole, approvalTimeout, allowedStrategies,
                freezeWindows, null);
    }

    /** The checklists: {@code pre} before the deployment starts, {@code post} after it succeeded. */
    public record Checklists(
            @MaxItems(value = MAX_ITEMS, message = "at most {value} items, got {size}")
            List<@NotNull(message = NOT_AN_OBJECT) @Valid Item> pre,
            @MaxItems(value = MAX_ITEMS, message = "at most {value} items, got {size}")
            List<@NotNull(message = NOT_AN_OBJECT) @Valid Item> post) {
    }

    /** An item; with {@code check} (version-exists, migrations-declared, ...) it is evaluated, else confirmed by a person. */
    public record Item(
            @Matches(value = ITEM_ID, required = true) String id,
            @NotBlank(message = REQUIRED) @Size(max = 200, message = TOO_LONG) String title,
            String check) {
    }

    /**
     * A freeze window: {@code start}/{@code end} (date range) or {@code days}/{@code from}/{@code to}
     * (weekly); which of them are required, and their formats, {@link PolicyChecks} checks.
     */
    public record Window(
            @NotBlank(message = REQUIRED) @Size(max = 100, message = TOO_LONG) String name,
            @NotNull(message = "is required (an IANA time zone such as Europe/Berlin, or UTC)") @TimeZoneId String zone,
            String start, String end, List<String> days, String from, String to, String reason) {
    }

    /** The policy of {@code environment} this document describes; it passed {@link PolicyChecks}. */
    EnvironmentPolicy toPolicy(String environment, String updatedBy, Instant updatedAt) {
        Set<Strategy> strategies = allowedStrategies == null ? EnumSet.allOf(Strategy.class)
                : allowedStrategies.stream().map(Strategy::fromWire)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Strategy.class)));
        List<FreezeWindow> windows = freezeWindows == null ? List.of()
                : freezeWindows.stream().map(PolicyDocument::freezeWindow).toList();
        Checklist checklists = checklist == null ? Checklist.NONE
                : new Checklist(checklistItems(checklist.pre()), checklistItems(checklist.post()));
        return new EnvironmentPolicy(environment, requiredPreceding,
                minimumSoak == null ? Duration.ZERO : Duration.parse(minimumSoak),
                approvalsRequired == null ? 0 : approvalsRequired,
                approverRole == null ? TrustedIdentity.ADMIN : approverRole,
                approvalTimeout == null ? Duration.ofHours(24) : Duration.parse(approvalTimeout),
                strategies, windows, checklists, updatedBy, updatedAt);
    }

    private static FreezeWindow freezeWindow(Window w) {
        ZoneId zone = ZoneId.of(w.zone());
        if (w.start() != null) {
            return new FreezeWindow(w.name(), zone, FreezeWindow.rangeStart(w.start()), FreezeWindow.rangeEnd(w.end()),
                    null, null, null, w.reason());
        }
        return new FreezeWindow(w.name(), zone, null, null, FreezeWindow.days(w.days()),
                LocalTime.parse(w.from()), LocalTime.parse(w.to()), w.reason());
    }

    private static List<ChecklistItem> checklistItems(List<Item> items) {
        return items == null ? List.of() : items.stream().map(i -> new ChecklistItem(i.id(), i.title(),
                i.check() == null ? null : AutoCheck.fromWire(i.check()).orElseThrow())).toList();
    }

    public static PolicyDocument of(EnvironmentPolicy p) {
        return new PolicyDocument(p.requiredPreceding(), p.minimumSoak().toString(), p.approvalsRequired(),
                p.approverRole(), p.approvalTimeout().toString(),
                Arrays.stream(Strategy.values()).filter(p.allowedStrategies()::contains).map(Strategy::wire)
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
