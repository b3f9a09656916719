package io.releasecontrol.metrics;

import io.releasecontrol.runtime.testsupport.ServiceArchitectureContract;

/** metrics-service's boundaries: see {@link ServiceArchitectureContract}. Its feature packages have no cycle. */
class MetricsServiceArchitectureTest extends ServiceArchitectureContract {

    MetricsServiceArchitectureTest() {
        super("io.releasecontrol.metrics");
    }
}
