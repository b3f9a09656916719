package io.releasecontrol.version.environment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One target as the API shows it. Absent versions are explicit nulls: "nothing runs there" is an answer.
 *
 * @param lastGoodVersion  the version of the most recent successful deployment there that is not marked bad
 * @param previousVersions versions that ran there before the current one, most recent first
 * @param drift            the declared current version differs from the one last observed running
 * @param history          the latest upgrade-log entries of this target, newest first
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EnvironmentView(String application, String environment, String currentVersion, Instant currentSince,
        String currentDeploymentId, Long currentSequence, String lastGoodVersion, String observedVersion,
        String observedBy, Instant observedAt, boolean drift, List<String> previousVersions, List<String> badVersions,
        List<UpgradeEntry> history) {
}
