package io.releasecontrol.version;

import io.releasecontrol.runtime.testsupport.ServiceArchitectureContract;
import java.util.List;

/** version-service's boundaries: see {@link ServiceArchitectureContract}. */
class VersionServiceArchitectureTest extends ServiceArchitectureContract {

    VersionServiceArchitectureTest() {
        super("io.releasecontrol.version");
    }

    // where today's cycles between feature packages are cut, until the layout work untangles them
    @Override
    protected List<KnownCycleEdge> knownCycleEdges() {
        return List.of(
                new KnownCycleEdge("registry", "environment",
                        "a version's detail lists its upgrade-log entries (UpgradeEntry, UpgradeLogRepository live in environment), while environment reads versions from registry"));
    }
}
