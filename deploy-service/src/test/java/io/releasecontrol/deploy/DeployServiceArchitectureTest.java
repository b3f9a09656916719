package io.releasecontrol.deploy;

import io.releasecontrol.runtime.testsupport.ServiceArchitectureContract;

/** deploy-service's boundaries: see {@link ServiceArchitectureContract}. */
class DeployServiceArchitectureTest extends ServiceArchitectureContract {

    DeployServiceArchitectureTest() {
        super("io.releasecontrol.deploy");
    }
}
