package io.releasecontrol.metrics;

import io.releasecontrol.runtime.testsupport.ServiceArchitectureContract;
import java.util.List;

/** metrics-service's boundaries: see {@link ServiceArchitectureContract}. */
class MetricsServiceArchitectureTest extends ServiceArchitectureContract {

    MetricsServiceArchitectureTest() {
        super("io.releasecontrol.metrics");
    }

    // where today's cycles between feature packages are cut, until the layout work untangles them
    @Override
    protected List<KnownCycleEdge> knownCycleEdges() {
        return List.of(
                new KnownCycleEdge("gate", "policy",
                        "GateController reads the target's gate settings from its analysis policy, while policy validates and resolves GateSettings"));
    }
}
