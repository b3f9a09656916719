package io.releasecontrol.orchestrator;

import io.releasecontrol.runtime.testsupport.ServiceArchitectureContract;
import java.util.List;

/** rollback-orchestrator's boundaries: see {@link ServiceArchitectureContract}. */
class RollbackOrchestratorArchitectureTest extends ServiceArchitectureContract {

    RollbackOrchestratorArchitectureTest() {
        super("io.releasecontrol.orchestrator");
    }

    // where today's cycles between feature packages are cut, until the layout work untangles them
    @Override
    protected List<KnownCycleEdge> knownCycleEdges() {
        return List.of(
                new KnownCycleEdge("saga", "notify",
                        "SagaService enqueues notifications in the saga's transaction, while notify renders them from SagaState"));
    }
}
