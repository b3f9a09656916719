package io.releasecontrol.version.environment;

import static io.releasecontrol.runtime.validation.FieldMessages.REQUIRED;
import static io.releasecontrol.runtime.validation.FieldMessages.TOO_LONG;

import io.releasecontrol.version.semver.SemVer;
import io.releasecontrol.version.semver.SemanticVersion;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT .../environments/{env}/current}.
 *
 * @param force set a version that was never deployed to this environment (otherwise 422)
 */
public record SetCurrentRequest(
        @NotBlank(message = REQUIRED) @Size(max = SemanticVersion.MAX_LENGTH, message = TOO_LONG) @SemVer String version,
        @NotBlank(message = REQUIRED) @Size(max = 500, message = TOO_LONG) String reason,
        Boolean force) {
}
