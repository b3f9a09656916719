package io.releasecontrol.orchestrator;

import io.releasecontrol.runtime.testsupport.ServiceArchitectureContract;

/** rollback-orchestrator's boundaries: see {@link ServiceArchitectureContract}. */
class RollbackOrchestratorArchitectureTest extends ServiceArchitectureContract {

    RollbackOrchestratorArchitectureTest() {
        super("io.releasecontrol.orchestrator");
    }
}
