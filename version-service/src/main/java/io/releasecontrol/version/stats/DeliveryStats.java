package io.releasecontrol.version.stats;

import io.releasecontrol.version.environment.UpgradeEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Delivery statistics of one target over a time range, computed from its upgrade log (pure).
 *
 * <ul>
 * <li>{@code deployments}: deployments that ended in the range, rollbacks included (manual changes are not deployments);
 * <li>{@code upgradeSuccessRate}: share of those that completed (a later rollback does not undo the upgrade's success);
 * <li>{@code changeFailureRate}: share of changes (deployments that are not rollbacks) that failed or were rolled back;
 * <li>{@code meanTimeToRestore}: mean time from a bad version going live to the success of the rollback that
 *     replaced it (the deployment's completion stands in for the breach: the breach can only come after it);
 * <li>{@code deploymentsPerDay}: completed changes per day of the range;
 * <li>{@code meanLeadTime}: mean time from a version's commit to its completed deployment, where the commit time is known.
 * </ul>
 * Rates are null when there is nothing to divide by; durations are ISO-8601.
 */
public record DeliveryStats(String application, String environment, long deployments, long succeeded, long failed,
        long rolledBack, long rollbacks, Double upgradeSuccessRate, Double changeFailureRate, String meanTimeToRestore,
        long restores, double deploymentsPerDay, String meanLeadTime, long leadTimeSamples) {

    /** The stats of every target present in {@code entries} (entries outside [from, to) are ignored). */
    public static List<DeliveryStats> compute(List<UpgradeEntry> entries, Map<String, Instant> commitTimes, Instant from,
            Instant to) {
        Map<String, List<UpgradeEntry>> byTarget = new LinkedHashMap<>();
        entries.stream().filter(e -> !e.at().isBefore(from) && e.at().isBefore(to))
                .forEach(e -> byTarget.computeIfAbsent(e.application() + ":" + e.environment(), k -> new ArrayList<>()).add(e));
        List<DeliveryStats> out = new ArrayList<>();
        byTarget.values().forEach(list -> out.add(target(list, commitTimes, from, to)));
        return out;
    }

    private static DeliveryStats target(List<UpgradeEntry> entries, Map<String, Instant> commitTimes, Instant from,
            Instant to) {
        UpgradeEntry first = entries.get(0);
        Predicate<UpgradeEntry> deployment = e -> !"manual".equals(e.kind());
        Predicate<UpgradeEntry> change = e -> "deployment".equals(e.kind());
        Predicate<UpgradeEntry> completed = e -> !UpgradeEntry.FAILED.equals(e.status());
        List<UpgradeEntry> deployments = entries.stream().filter(deployment).toList();
        List<UpgradeEntry> changes = entries.stream().filter(change).toList();
        long succeeded = deployments.stream().filter(completed).count();
        long failed = deployments.stream().filter(e -> UpgradeEntry.FAILED.equals(e.status())).count();
        long rolledBack = deployments.stream().filter(e -> UpgradeEntry.ROLLED_BACK.equals(e.status())).count();
        long rollbacks = deployments.stream().filter(e -> "rollback".equals(e.kind()) && completed.test(e)).count();
        long failedChanges = changes.stream().filter(e -> !UpgradeEntry.SUCCESS.equals(e.status())).count();
        List<Duration> restores = changes.stream()
                .filter(e -> UpgradeEntry.ROLLED_BACK.equals(e.status()) && e.rolledBackAt() != null)
                .map(e -> Duration.between(e.at(), e.rolledBackAt())).toList();
        List<Duration> leadTimes = changes.stream().filter(completed)
                .filter(e -> commitTimes.containsKey(e.application() + ":" + e.version()))
                .map(e -> Duration.between(commitTimes.get(e.application() + ":" + e.version()), e.at())).toList();
        long completedChanges = changes.stream().filter(completed).count();
        double days = Math.max(Duration.between(from, to).toMillis() / 86_400_000.0, 1e-9);
        return new DeliveryStats(first.application(), first.environment(), deployments.size(), succeeded, failed,
                rolledBack, rollbacks, ratio(succeeded, deployments.size()), ratio(failedChanges, changes.size()),
                mean(restores), restores.size(), round(completedChanges / days), mean(leadTimes), leadTimes.size());
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static String mean(List<Duration> durations) {
        if (durations.isEmpty()) {
            return null;
        }
        long total = durations.stream().mapToLong(Duration::toMillis).sum();
        return Duration.ofMillis(total / durations.size()).toString();
    }
}
