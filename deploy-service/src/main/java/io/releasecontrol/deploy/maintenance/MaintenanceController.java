package io.releasecontrol.deploy.maintenance;

import io.releasecontrol.deploy.access.Callers;
import io.releasecontrol.deploy.deployment.DeploymentRequests;
import io.releasecontrol.deploy.validation.Names;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/environments/{env}/maintenance}: maintenance mode of an environment, or of one
 * application in it with {@code ?application=} (or {@code application} in the PUT body).
 */
@RestController
@RequestMapping("/api/v1/environments/{env}/maintenance")
class MaintenanceController {

    private final MaintenanceService maintenance;

    MaintenanceController(MaintenanceService maintenance) {
        this.maintenance = maintenance;
    }

    @GetMapping
    Mono<Map<String, Object>> get(@PathVariable String env, @RequestParam(required = false) String application) {
        return Mono.defer(() -> {
            checkName("environment", env);
            String scope = application == null ? MaintenanceMode.ALL_APPLICATIONS : checkName("application",
                    application);
            return Mono.zip(maintenance.get(env, scope), maintenance.get(env, MaintenanceMode.ALL_APPLICATIONS),
                    maintenance.list(env));
        }).map(t -> {
            Map<String, Object> body = view(t.getT1());
            // what a deployment to this scope meets: its own switch or the environment's
            body.put("effective", t.getT1().enabled() || t.getT2().enabled());
            if (application == null) {
                List<Map<String, Object>> apps = t.getT3().stream()
                        .filter(m -> !MaintenanceMode.ALL_APPLICATIONS.equals(m.application()))
                        .map(MaintenanceController::view).toList();
                body.put("applications", apps);
            }
            return body;
        });
    }

    @PutMapping
    Mono<Map<String, Object>> put(@PathVariable String env, @RequestParam(required = false) String application,
            @RequestBody(required = false) DeploymentRequests.Maintenance body, ServerWebExchange exchange) {
        return Mono.defer(() -> {
            String who = Callers.require(exchange, TrustedIdentity.ADMIN).subject();
            checkName("environment", env);
            if (body == null || body.enabled() == null) {
                throw ProblemException.invalid("enabled", "is required (true or false)");
            }
            String app = application != null ? application : body.application();
            String scope = app == null ? MaintenanceMode.ALL_APPLICATIONS : checkName("application", app);
            return maintenance.set(env, scope, body.enabled(), body.reason(), who, null);
        }).map(MaintenanceController::view);
    }

    private static String checkName(String field, String value) {
        if (!Names.isName(value)) {
            throw ProblemException.invalid(field, "must match " + Names.NAME + ", got '" + value + "'");
        }
        return value;
    }

    private static Map<String, Object> view(MaintenanceMode m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("environment", m.environment());
        v.put("application", m.application());
        v.put("enabled", m.enabled());
        v.put("reason", m.reason());
        v.put("changedBy", m.changedBy());
        v.put("changedAt", m.changedAt());
        return v;
    }
}
