package io.releasecontrol.version;

import io.releasecontrol.runtime.testsupport.ServiceArchitectureContract;

/** version-service's boundaries: see {@link ServiceArchitectureContract}. */
class VersionServiceArchitectureTest extends ServiceArchitectureContract {

    VersionServiceArchitectureTest() {
        super("io.releasecontrol.version");
    }
}
