package io.releasecontrol.version.environment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to "where would a rollback of this target go, and is that safe?" for the orchestrator.
 *
 * @param fromVersion      the version being left (the current one unless asked about another)
 * @param targetVersion    the last good version other than {@code fromVersion}
 * @param crossedVersions  registered versions above the target up to {@code fromVersion}, newest first
 * @param requiresApproval a crossed version has an irreversible migration or a breaking change
 * @param reasons          one line per finding, for the approval request
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RollbackTarget(String application, String environment, String fromVersion, String targetVersion,
        boolean crossesIrreversibleMigration, boolean crossesBreakingChange, boolean requiresApproval,
        List<String> crossedVersions, List<String> reasons) {
}
