package io.releasecontrol.version.environment;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * What environment asks the version registry: whether a version declared current is registered, and
 * the facts a rollback target is assessed by. Owned here and implemented by the registry (which reads
 * the upgrade log for a version's detail), so environment does not depend on the registry and the
 * two features form no cycle.
 */
public interface RegisteredVersions {

    /** Whether this version of the application is registered. */
    Mono<Boolean> isRegistered(String application, String version);

    /** Every registered version of the application with what makes rolling back across it risky, newest first. */
    Mono<List<VersionFacts>> rollbackFacts(String application);
}
