package io.releasecontrol.deploy.router;

/** A kind of traffic router (HAProxy, ...): adding one is adding a bean. */
interface RouterKind {

    /** The name in {@code rc.deploy.routers.<env>.kind}. */
    String kind();

    /** The router of one environment; a configuration it cannot use fails here, at start. */
    TrafficRouter create(String environment, RouterProperties.EnvironmentRouter config);
}
