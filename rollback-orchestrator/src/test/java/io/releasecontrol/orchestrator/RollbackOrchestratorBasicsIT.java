package io.releasecontrol.orchestrator;

import io.releasecontrol.orchestrator.it.StandIns;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import io.releasecontrol.runtime.testsupport.ServiceBasicsContract;
import org.springframework.test.context.TestPropertySource;

/**
 * rollback-orchestrator starts against the real infrastructure and answers the basics every service shares.
 * Same configuration as the scenario tests, so they share one context (and one set of consumers).
 */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:orchestrator-it.properties")
class RollbackOrchestratorBasicsIT extends ServiceBasicsContract {

    static {
        StandIns.start();
    }

    @Override
    protected String aRead() {
        return "/api/v1/rollbacks?size=1";
    }
}
