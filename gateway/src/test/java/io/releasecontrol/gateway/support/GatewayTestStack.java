package io.releasecontrol.gateway.support;

import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The backends and the identity provider every gateway IT of one JVM shares: a stub per service on
 * 127.0.0.1 and a JWK set server. Started once, on first use.
 */
public final class GatewayTestStack {

    /** The bootstrap admin key the test contexts configure ({@code rc.gateway.api-keys.admin-key}). */
    public static final String ADMIN_KEY = "rck_test-bootstrap-admin-key-0123456789";

    private static Map<String, BackendStub> backends;
    private static TestJwts jwts;

    private GatewayTestStack() {
    }

    public static synchronized Map<String, BackendStub> backends() {
        if (backends == null) {
            backends = Map.of(
                    DesignRoutes.VERSION, BackendStub.start(DesignRoutes.VERSION, DesignRoutes.templatesOf(DesignRoutes.VERSION)),
                    DesignRoutes.DEPLOY, BackendStub.start(DesignRoutes.DEPLOY, DesignRoutes.templatesOf(DesignRoutes.DEPLOY)),
                    DesignRoutes.METRICS, BackendStub.start(DesignRoutes.METRICS, DesignRoutes.templatesOf(DesignRoutes.METRICS)),
                    DesignRoutes.ROLLBACK, BackendStub.start(DesignRoutes.ROLLBACK, DesignRoutes.templatesOf(DesignRoutes.ROLLBACK)));
        }
        return backends;
    }

    public static synchronized TestJwts jwts() {
        if (jwts == null) {
            jwts = new TestJwts();
        }
        return jwts;
    }

    /** Points the gateway at the stubs and the JWK set; generous limits unless a test sets its own. */
    public static void register(DynamicPropertyRegistry registry) {
        backends().forEach((id, stub) -> registry.add("rc.gateway.services." + id + ".urls", stub::url));
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> jwts().jwkSetUri());
        registry.add("rc.gateway.api-keys.admin-key", () -> ADMIN_KEY);
    }
}
