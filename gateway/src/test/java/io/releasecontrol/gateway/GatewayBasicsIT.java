package io.releasecontrol.gateway;

import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import io.releasecontrol.runtime.testsupport.ServiceBasicsContract;

/** gateway starts against the real infrastructure and answers the basics every service shares. */
@RcIntegrationTest
class GatewayBasicsIT extends ServiceBasicsContract {

    /** refused by the gateway's own security (no credentials), before any routing */
    @Override
    protected String aRead() {
        return "/api/v1/deployments?size=1";
    }
}
