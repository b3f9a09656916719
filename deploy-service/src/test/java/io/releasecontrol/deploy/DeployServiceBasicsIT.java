package io.releasecontrol.deploy;

import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import io.releasecontrol.runtime.testsupport.ServiceBasicsContract;

/** deploy-service starts against the real infrastructure and answers the basics every service shares. */
@RcIntegrationTest
@org.springframework.test.context.TestPropertySource(locations = "classpath:deploy-it.properties")
class DeployServiceBasicsIT extends ServiceBasicsContract {

    @Override
    protected String aRead() {
        return "/api/v1/deployments?size=1";
    }
}
