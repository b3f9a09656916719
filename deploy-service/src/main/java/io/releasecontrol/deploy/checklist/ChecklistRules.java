package io.releasecontrol.deploy.checklist;

import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentStatus;
import io.releasecontrol.deploy.versions.VersionLookup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The decisions about checklists, without I/O: what an automatic check finds, whether a
 * deployment may start, and the reason it waits.
 */
public final class ChecklistRules {

    private ChecklistRules() {
    }

    /** The result of one automatic check. */
    public record Verdict(boolean passed, String detail) {
    }

    /** Evaluates the automatic items of {@code items}; manual ones are returned unchanged. */
    public static List<ItemState> evaluate(List<ItemState> items, CheckFacts facts, Instant now) {
        return items.stream().map(i -> i.automatic() && i.phase() == ItemState.Phase.PRE
                ? withVerdict(i, check(i.check(), facts), now) : i).toList();
    }

    private static ItemState withVerdict(ItemState item, Verdict v, Instant now) {
        return item.evaluated(v.passed(), v.detail(), now);
    }

    public static Verdict check(AutoCheck check, CheckFacts f) {
        return switch (check) {
            case VERSION_EXISTS -> versionExists(f);
            case MIGRATIONS_DECLARED -> migrationsDeclared(f);
            case ROLLBACK_TARGET_EXISTS -> rollbackTarget(f);
            case PREVIOUS_ENVIRONMENT_HEALTHY -> previousHealthy(f);
        };
    }

    private static Verdict versionExists(CheckFacts f) {
        VersionLookup l = f.lookup();
        return switch (l.status()) {
            case FOUND -> new Verdict(true, "version " + f.version() + " of " + f.application()
                    + " is registered in version-service");
            case NOT_FOUND -> new Verdict(false, "version " + f.version() + " of " + f.application()
                    + " is not registered in version-service");
            case UNAVAILABLE -> unavailable(l);
        };
    }

    private static Verdict migrationsDeclared(CheckFacts f) {
        VersionLookup l = f.lookup();
        if (l.status() != VersionLookup.Status.FOUND) {
            return l.status() == VersionLookup.Status.UNAVAILABLE ? unavailable(l) : new Verdict(false, "version "
                    + f.version() + " of " + f.application() + " is not registered, so its migrations are not declared");
        }
        List<String> missing = new ArrayList<>();
        List<String> irreversible = new ArrayList<>();
        for (VersionLookup.Migration m : l.migrations()) {
            if (m.reversible() && (m.downScript() == null || m.downScript().isBlank())) {
                missing.add(m.id());
            } else if (!m.reversible()) {
                irreversible.add(m.id());
            }
        }
        if (!missing.isEmpty()) {
            return new Verdict(false, "reversible migration(s) without a down script: " + String.join(", ", missing));
        }
        return new Verdict(true, l.migrations().isEmpty() ? "no migrations declared"
                : l.migrations().size() + " migration(s) declared" + (irreversible.isEmpty() ? ", all reversible"
                        : ", irreversible: " + String.join(", ", irreversible)));
    }

    private static Verdict rollbackTarget(CheckFacts f) {
        Deployment last = f.lastSucceeded();
        if (last == null) {
            return new Verdict(false, "no earlier successful deployment of " + f.application() + " in "
                    + f.environment() + ": nothing to roll back to");
        }
        if (last.spec().version().equals(f.version())) {
            return new Verdict(false, f.environment() + " already runs " + f.version()
                    + ": no other version succeeded there last to roll back to");
        }
        return new Verdict(true, "rollback target " + last.spec().version() + " (deployment " + last.spec().id()
                + ")");
    }

    private static Verdict previousHealthy(CheckFacts f) {
        if (f.preceding() == null) {
            return new Verdict(false, "environment " + f.environment() + " has no required preceding environment in"
                    + " its policy");
        }
        Deployment last = f.precedingFinished();
        if (last == null) {
            return new Verdict(false, f.application() + " was never deployed to " + f.preceding());
        }
        String which = "the last deployment of " + f.application() + " in " + f.preceding() + " ("
                + last.spec().version() + ", " + last.spec().id() + ")";
        if (last.status() != DeploymentStatus.SUCCEEDED) {
            return new Verdict(false, which + " ended " + last.status()
                    + (last.state().failureReason() == null ? "" : ": " + last.state().failureReason()));
        }
        if (last.spec().isRollback() || last.spec().sagaId() != null) {
            return new Verdict(false, which + " was a rollback");
        }
        return new Verdict(true, which + " succeeded at " + last.state().completedAt());
    }

    private static Verdict unavailable(VersionLookup l) {
        return new Verdict(false, "version-service unavailable (" + l.detail() + "): evaluate again later");
    }

    /** Whether the pre-deployment checklist lets the deployment start. */
    public static boolean preComplete(List<ItemState> items) {
        return items.stream().filter(i -> i.phase() == ItemState.Phase.PRE).allMatch(ItemState::done);
    }

    /** Why the deployment waits for its pre-deployment checklist; null when it does not. */
    public static String waitReason(List<ItemState> items) {
        List<String> toConfirm = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ItemState i : items) {
            if (i.phase() != ItemState.Phase.PRE || i.done()) {
                continue;
            }
            if (i.automatic()) {
                failed.add(i.id() + " failed: " + i.detail());
            } else {
                toConfirm.add(i.id());
            }
        }
        List<String> parts = new ArrayList<>();
        if (!toConfirm.isEmpty()) {
            parts.add("to confirm: " + String.join(", ", toConfirm));
        }
        parts.addAll(failed);
        return parts.isEmpty() ? null : "checklist " + String.join("; ", parts);
    }

    /** Why {@code item} cannot be confirmed on a deployment in {@code status} now; null when it can. */
    public static String refusal(DeploymentStatus status, ItemState item) {
        if (item.automatic()) {
            return "checklist item '" + item.id() + "' is checked automatically (" + item.check().wire() + ", "
                    + item.status() + (item.detail() == null ? "" : ": " + item.detail()) + "); evaluate it again"
                    + " instead (POST .../checklist/evaluate)";
        }
        if (item.status() == ItemState.Status.CONFIRMED) {
            return "checklist item '" + item.id() + "' was confirmed already by " + item.by() + " at " + item.at();
        }
        if (item.phase() == ItemState.Phase.PRE && status != DeploymentStatus.PENDING) {
            return "checklist item '" + item.id() + "' is a pre-deployment item and the deployment is " + status
                    + ": it is too late to confirm it";
        }
        if (item.phase() == ItemState.Phase.POST && status != DeploymentStatus.SUCCEEDED) {
            return "checklist item '" + item.id() + "' is a post-deployment item: it is confirmed once the"
                    + " deployment SUCCEEDED (it is " + status + ")";
        }
        return null;
    }

    /**
     * The step a PENDING deployment shows once its checklist changed: what it still waits for, or
     * that it is ready (to start now, or at its scheduled time).
     *
     * @param approval "waiting for approval: ..." while its approvals are not in; null otherwise
     */
    public static String pendingStep(String approval, List<ItemState> items, Instant scheduledAt, Instant now) {
        String checklist = waitReason(items);
        if (approval != null || checklist != null) {
            return approval == null ? "waiting for " + checklist
                    : checklist == null ? approval : approval + "; waiting for " + checklist;
        }
        return scheduledAt != null && scheduledAt.isAfter(now) ? "checklist complete; scheduled for " + scheduledAt
                : "checklist complete: starting";
    }
}
