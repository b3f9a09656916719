package io.releasecontrol.deploy.router;

import org.springframework.stereotype.Component;

/** HAProxy 2.6+ through its runtime API and master CLI ({@code rc.deploy.routers.<env>.kind: haproxy}). */
@Component
class HaproxyRouterKind implements RouterKind {

    @Override
    public String kind() {
        return "haproxy";
    }

    @Override
    public TrafficRouter create(String environment, RouterProperties.EnvironmentRouter config) {
        return new HaproxyRouter(environment, config);
    }
}
