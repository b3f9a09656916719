package io.releasecontrol.gateway;

import io.releasecontrol.runtime.testsupport.ServiceArchitectureContract;

/** gateway's boundaries: see {@link ServiceArchitectureContract}. */
class GatewayArchitectureTest extends ServiceArchitectureContract {

    GatewayArchitectureTest() {
        super("io.releasecontrol.gateway");
    }
}
