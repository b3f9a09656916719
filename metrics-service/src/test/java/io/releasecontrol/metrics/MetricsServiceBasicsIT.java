package io.releasecontrol.metrics;

import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import io.releasecontrol.runtime.testsupport.ServiceBasicsContract;

/** metrics-service starts against the real infrastructure and answers the basics every service shares. */
@RcIntegrationTest
class MetricsServiceBasicsIT extends ServiceBasicsContract {

    @Override
    protected String aRead() {
        return "/api/v1/rules";
    }
}
