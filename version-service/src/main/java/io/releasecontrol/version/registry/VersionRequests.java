package io.releasecontrol.version.registry;

import static io.releasecontrol.runtime.validation.FieldMessages.NOT_NULL;
import static io.releasecontrol.runtime.validation.FieldMessages.REQUIRED;
import static io.releasecontrol.runtime.validation.FieldMessages.TOO_LONG;

import io.releasecontrol.runtime.validation.IsoDate;
import io.releasecontrol.runtime.validation.IsoInstant;
import io.releasecontrol.runtime.validation.OneOf;
import io.releasecontrol.runtime.validation.Unique;
import io.releasecontrol.version.semver.SemVer;
import io.releasecontrol.version.semver.SemanticVersion;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * Request bodies of the version endpoints and their constraints; a body is checked completely before
 * anything is written, every problem reported at once. Enum-like fields are strings so an unknown value
 * gets a precise 400. Components are declared in the order their errors are listed.
 */
public final class VersionRequests {

    /** Store and dependency names: lower-case words such as postgresql. */
    static final String STORE = "^[a-z0-9][a-z0-9-]{0,62}$";
    /** Entries per list of a version: enough for any release, not a megabyte body of them. */
    static final int MAX_ITEMS = 500;
    static final String TOO_MANY = "at most {max} entries";

    private VersionRequests() {
    }

    /**
     * {@code POST /api/v1/applications/{app}/versions}.
     *
     * @param releaseDate   ISO date ({@code 2026-03-01})
     * @param commitTime    ISO instant of the release commit, when known (lead time in the delivery stats)
     * @param released      true to mark it released at once (publishes VersionReleased)
     * @param compatibility dependency name → the range of its versions this version works with
     */
    public record CreateVersion(
            @NotBlank(message = REQUIRED) @Size(max = SemanticVersion.MAX_LENGTH, message = TOO_LONG) @SemVer String version,
            @Size(max = 200, message = TOO_LONG) String name,
            @IsoDate String releaseDate,
            @IsoInstant String commitTime,
            @Size(max = 200, message = TOO_LONG) String gitTag,
            @Size(max = 100, message = TOO_LONG) String commit,
            @Size(max = 500, message = TOO_LONG) String image,
            Boolean breaking,
            Boolean released,
            @Size(max = MAX_ITEMS, message = TOO_MANY)
            List<@NotNull(message = NOT_NULL) @Valid Change> changes,
            @Size(max = MAX_ITEMS, message = TOO_MANY) @Unique(value = "id", message = "repeats migration id '{id}'")
            List<@NotNull(message = NOT_NULL) @Valid Migration> migrations,
            @Size(max = MAX_ITEMS, message = TOO_MANY) @Unique(value = "name", message = "repeats dependency '{name}'")
            List<@NotNull(message = NOT_NULL) @Valid Dependency> dependencies,
            @Size(max = MAX_ITEMS, message = TOO_MANY) @Unique(value = {"endpoint", "kind"}, message = "repeats {kind} {endpoint}")
            List<@NotNull(message = NOT_NULL) @Valid ApiChange> apiChanges,
            @Size(max = 100, message = "at most {max} dependencies")
            Map<@Pattern(regexp = STORE, message = "dependency names are lower-case words such as postgresql") String,
                    @NotBlank(message = REQUIRED) @Size(max = 100, message = TOO_LONG) String> compatibility) {
    }

    /** A feature change; also the body of {@code POST .../versions/{version}/changes}. */
    public record Change(
            @OneOf(value = {"feature", "fix", "improvement", "security"}, required = true) String type,
            @NotBlank(message = REQUIRED) @Size(max = 300, message = TOO_LONG) String title,
            @Size(max = 100, message = TOO_LONG) String module,
            @OneOf({"low", "medium", "high", "critical"}) String priority,
            @OneOf({"minor", "major", "breaking"}) String impact,
            @Size(max = 50, message = TOO_LONG) String testStatus) {
    }

    public record Migration(
            @NotBlank(message = REQUIRED) @Size(max = 100, message = TOO_LONG) String id,
            @NotBlank(message = REQUIRED) @Size(max = 63, message = TOO_LONG)
            @Pattern(regexp = STORE, message = "must be a store name such as postgresql, mariadb or mongodb") String store,
            @NotNull(message = "is required (true or false)") Boolean reversible,
            @Size(max = 1000, message = TOO_LONG) String description,
            @Size(max = 500, message = TOO_LONG) String downScript) {
    }

    public record Dependency(
            @NotBlank(message = REQUIRED) @Size(max = 100, message = TOO_LONG) String name,
            @Size(max = 100, message = TOO_LONG) String fromVersion,
            @Size(max = 100, message = TOO_LONG) String toVersion,
            @Size(max = 500, message = TOO_LONG) String reason,
            @Size(max = 50, message = TOO_LONG) String impact) {
    }

    public record ApiChange(
            @NotBlank(message = REQUIRED) @Size(max = 300, message = TOO_LONG) String endpoint,
            @OneOf(value = {"added", "changed", "deprecated", "removed"}, required = true) String kind,
            @Size(max = 1000, message = TOO_LONG) String note) {
    }
}
