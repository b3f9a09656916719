package io.releasecontrol.version.environment;

import io.releasecontrol.version.semver.SemanticVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether rolling back from one version to another crosses something that cannot simply be undone.
 * Pure: the versions strictly above the target up to and including the one being left are
 * "crossed"; an irreversible migration or a breaking change in any of them makes the rollback
 * need approval, with one reason per finding.
 */
final class RollbackPath {

    private RollbackPath() {
    }

    record Assessment(List<String> crossedVersions, boolean crossesIrreversibleMigration, boolean crossesBreakingChange,
            List<String> reasons) {

        boolean requiresApproval() {
            return crossesIrreversibleMigration || crossesBreakingChange;
        }
    }

    static Assessment assess(String from, String target, List<VersionFacts> registered) {
        SemanticVersion f = SemanticVersion.parse(from);
        SemanticVersion t = SemanticVersion.parse(target);
        List<VersionFacts> crossed = registered.stream()
                .filter(v -> SemanticVersion.isValid(v.version()))
                .filter(v -> {
                    SemanticVersion s = SemanticVersion.parse(v.version());
                    return s.compareTo(t) > 0 && s.compareTo(f) <= 0;
                })
                .sorted(Comparator.comparing((VersionFacts v) -> SemanticVersion.parse(v.version())).reversed())
                .toList();
        List<String> reasons = new ArrayList<>();
        boolean irreversible = false;
        boolean breaking = false;
        for (VersionFacts v : crossed) {
            for (String m : v.irreversibleMigrations()) {
                irreversible = true;
                reasons.add(v.version() + " ran irreversible migration " + m + "; going back to " + target
                        + " cannot undo it");
            }
            if (v.declaredBreaking()) {
                breaking = true;
                reasons.add(v.version() + " is declared breaking");
            }
            for (String e : v.removedEndpoints()) {
                breaking = true;
                reasons.add(v.version() + " removed endpoint " + e);
            }
            for (String c : v.breakingChanges()) {
                breaking = true;
                reasons.add(v.version() + " has a breaking change: " + c);
            }
        }
        if (f.compareTo(t) < 0) {
            reasons.add("target " + target + " is newer than " + from + ": this is a roll forward, nothing is crossed");
        }
        return new Assessment(crossed.stream().map(VersionFacts::version).toList(), irreversible, breaking, reasons);
    }
}
