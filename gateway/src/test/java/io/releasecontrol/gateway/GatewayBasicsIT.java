package io.releasecontrol.gateway;

import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import io.releasecontrol.runtime.testsupport.ServiceBasicsContract;

/** gateway starts against the real infrastructure and answers the basics every service shares. */
@RcIntegrationTest
class GatewayBasicsIT extends ServiceBasicsContract {
}
