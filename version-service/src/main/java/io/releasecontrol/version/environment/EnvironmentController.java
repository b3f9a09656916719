package io.releasecontrol.version.environment;

import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.version.semver.InvalidVersionException;
import io.releasecontrol.version.semver.SemanticVersion;
import io.releasecontrol.version.web.Access;
import io.releasecontrol.version.web.FieldErrors;
import io.releasecontrol.version.web.Page;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/applications/{app}")
class EnvironmentController {

    private static final Set<String> STATUSES = Set.of(UpgradeEntry.SUCCESS, UpgradeEntry.FAILED, UpgradeEntry.ROLLED_BACK);

    private final EnvironmentService environments;

    EnvironmentController(EnvironmentService environments) {
        this.environments = environments;
    }

    @GetMapping("/environments/{env}")
    Mono<EnvironmentView> view(@PathVariable String app, @PathVariable String env, ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.VIEWER);
        return environments.view(app, env);
    }

    @PutMapping("/environments/{env}/current")
    Mono<EnvironmentView> setCurrent(@PathVariable String app, @PathVariable String env,
            @RequestBody SetCurrentRequest body, ServerWebExchange exchange) {
        TrustedIdentity who = Access.require(exchange, TrustedIdentity.ADMIN);
        var errors = new FieldErrors();
        if (errors.text(body.version(), "version", SemanticVersion.MAX_LENGTH, true)) {
            try {
                SemanticVersion.parse(body.version());
            } catch (InvalidVersionException e) {
                errors.add("version", e.getMessage());
            }
        }
        errors.text(body.reason(), "reason", 500, true);
        errors.throwIfAny();
        return environments.setCurrent(app, env, body, who);
    }

    /** For the orchestrator: where a rollback would go and whether it crosses an irreversible migration or a breaking change. */
    @GetMapping("/environments/{env}/rollback-target")
    Mono<RollbackTarget> rollbackTarget(@PathVariable String app, @PathVariable String env,
            @RequestParam(required = false) String from, ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.VIEWER);
        if (from != null && !SemanticVersion.isValid(from)) {
            var errors = new FieldErrors();
            try {
                SemanticVersion.parse(from);
            } catch (InvalidVersionException e) {
                errors.add("from", e.getMessage());
            }
            errors.throwIfAny();
        }
        return environments.rollbackTarget(app, env, from);
    }

    @GetMapping("/upgrades")
    Mono<Page<UpgradeEntry>> upgrades(@PathVariable String app, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String status, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.VIEWER);
        int[] p = Page.params(page, size);
        var errors = new FieldErrors();
        errors.oneOf(status, STATUSES, "status", false);
        errors.throwIfAny();
        return environments.upgrades(app, environment, status, p[0], p[1]);
    }
}
