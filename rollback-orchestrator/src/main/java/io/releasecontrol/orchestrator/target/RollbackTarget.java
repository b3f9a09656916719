package io.releasecontrol.orchestrator.target;

import java.util.List;

/**
 * Where a rollback goes, as version-service (or the local cache) answers it.
 *
 * @param targetVersion    the last good version other than the breaching one; null when there is none
 * @param requiresApproval the way back crosses an irreversible migration or a breaking change
 * @param reasons          one per finding, in plain words
 * @param source           version-service or local-cache, so a decision says where the answer came from
 */
public record RollbackTarget(String targetVersion, boolean requiresApproval, List<String> reasons, String source) {

    public RollbackTarget {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public static RollbackTarget none(String source, String why) {
        return new RollbackTarget(null, false, List.of(why), source);
    }
}
