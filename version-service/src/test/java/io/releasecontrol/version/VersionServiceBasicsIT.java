package io.releasecontrol.version;

import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import io.releasecontrol.runtime.testsupport.ServiceBasicsContract;

/** version-service starts against the real infrastructure and answers the basics every service shares. */
@RcIntegrationTest
class VersionServiceBasicsIT extends ServiceBasicsContract {

    @Override
    protected String aRead() {
        return "/api/v1/applications?size=1";
    }
}
