package io.releasecontrol.deploy.versions;

import java.util.List;

/**
 * What version-service said about a version.
 *
 * @param detail why it is UNAVAILABLE (timeout, error status), or version-service's own words
 */
public record VersionLookup(Status status, List<Migration> migrations, String detail) {

    /** UNAVAILABLE: version-service did not answer usefully; nothing is known. */
    public enum Status { FOUND, NOT_FOUND, UNAVAILABLE }

    public VersionLookup {
        migrations = migrations == null ? List.of() : List.copyOf(migrations);
    }

    public static VersionLookup found(List<Migration> migrations) {
        return new VersionLookup(Status.FOUND, migrations, null);
    }

    public static VersionLookup notFound(String detail) {
        return new VersionLookup(Status.NOT_FOUND, List.of(), detail);
    }

    public static VersionLookup unavailable(String detail) {
        return new VersionLookup(Status.UNAVAILABLE, List.of(), detail);
    }

    /** A migration the version declares (version-service's MigrationView, the fields used here). */
    public record Migration(String id, String store, boolean reversible, String downScript) {
    }
}
