package io.releasecontrol.deploy;

import io.releasecontrol.runtime.testsupport.ServiceArchitectureContract;
import java.util.List;

/** deploy-service's boundaries: see {@link ServiceArchitectureContract}. */
class DeployServiceArchitectureTest extends ServiceArchitectureContract {

    DeployServiceArchitectureTest() {
        super("io.releasecontrol.deploy");
    }

    // where today's cycles between feature packages are cut, until the layout work untangles them
    @Override
    protected List<KnownCycleEdge> knownCycleEdges() {
        return List.of(
                new KnownCycleEdge("runner", "release",
                        "DeploymentStarter checks the ReleaseGate (freeze windows, policy) and ScheduledDeploymentStarter reads ReleaseProperties, while approvals and promotions start deployments"));
    }
}
