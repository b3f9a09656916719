package io.releasecontrol.version.registry;

import java.util.List;
import java.util.Map;

/** Request bodies of the version endpoints. Enum-like fields are strings so an unknown value gets a precise 400. */
public final class VersionRequests {

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
    public record CreateVersion(String version, String name, String releaseDate, String gitTag, String commit,
            String commitTime, String image, Boolean breaking, Boolean released, List<Change> changes,
            List<Migration> migrations, List<Dependency> dependencies, List<ApiChange> apiChanges,
            Map<String, String> compatibility) {
    }

    /** A feature change; also the body of {@code POST .../versions/{version}/changes}. */
    public record Change(String type, String module, String title, String priority, String impact, String testStatus) {
    }

    public record Migration(String id, String store, String description, Boolean reversible, String downScript) {
    }

    public record Dependency(String name, String fromVersion, String toVersion, String reason, String impact) {
    }

    public record ApiChange(String endpoint, String kind, String note) {
    }
}
