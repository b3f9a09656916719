package io.releasecontrol.deploy.release;

import io.releasecontrol.deploy.access.Callers;
import io.releasecontrol.deploy.validation.Names;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/environments/{env}/policy}: the release policy of an environment (read by anyone,
 * replaced by admins), with the freeze window in force now, if any.
 */
@RestController
@RequestMapping("/api/v1/environments/{env}/policy")
class PolicyController {

    private final PolicyService policies;

    PolicyController(PolicyService policies) {
        this.policies = policies;
    }

    @GetMapping
    Mono<Map<String, Object>> get(@PathVariable String env) {
        return Mono.defer(() -> policies.get(checkName(env))).map(PolicyController::view);
    }

    @PutMapping
    Mono<Map<String, Object>> put(@PathVariable String env, @RequestBody(required = false) PolicyDocument body,
            ServerWebExchange exchange) {
        return Mono.defer(() -> {
            String who = Callers.require(exchange, TrustedIdentity.ADMIN).subject();
            return policies.put(checkName(env), body, who);
        }).map(PolicyController::view);
    }

    private static String checkName(String env) {
        if (!Names.isName(env)) {
            throw ProblemException.invalid("environment", "must match " + Names.NAME + ", got '" + env + "'");
        }
        return env;
    }

    static Map<String, Object> view(EnvironmentPolicy p) {
        var doc = PolicyDocument.of(p);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("environment", p.environment());
        v.put("requiredPreceding", doc.requiredPreceding());
        v.put("minimumSoak", doc.minimumSoak());
        v.put("approvalsRequired", doc.approvalsRequired());
        v.put("approverRole", doc.approverRole());
        v.put("approvalTimeout", doc.approvalTimeout());
        v.put("allowedStrategies", doc.allowedStrategies());
        v.put("freezeWindows", doc.freezeWindows());
        v.put("source", p.isDefault() ? "default" : "stored");
        v.put("updatedBy", p.updatedBy());
        v.put("updatedAt", p.updatedAt());
        var active = p.activeFreeze(Instant.now());
        v.put("activeFreezeWindow", active.map(a -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", a.window().name());
            f.put("until", a.until());
            f.put("reason", a.window().reason());
            return f;
        }).orElse(null));
        return v;
    }
}
