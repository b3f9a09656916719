package io.releasecontrol.orchestrator;

import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import io.releasecontrol.runtime.testsupport.ServiceBasicsContract;

/** rollback-orchestrator starts against the real infrastructure and answers the basics every service shares. */
@RcIntegrationTest
class RollbackOrchestratorBasicsIT extends ServiceBasicsContract {
}
