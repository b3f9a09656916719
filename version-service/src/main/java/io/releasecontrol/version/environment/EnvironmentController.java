package io.releasecontrol.version.environment;

import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.InvalidFields;
import io.releasecontrol.runtime.validation.OneOf;
import io.releasecontrol.version.semver.SemVer;
import io.releasecontrol.version.web.Access;
import io.releasecontrol.version.web.Page;
import jakarta.validation.Validator;
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

    private final EnvironmentService environments;
    private final Validator validator;

    EnvironmentController(EnvironmentService environments, Validator validator) {
        this.environments = environments;
        this.validator = validator;
    }

    /** Query parameters with constraints, checked like a body. */
    private record RollbackTargetQuery(@SemVer String from) {
    }

    private record UpgradesQuery(@OneOf({UpgradeEntry.SUCCESS, UpgradeEntry.FAILED, UpgradeEntry.ROLLED_BACK}) String status) {
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
        InvalidFields.throwIfAny(validator.validate(body));
        return environments.setCurrent(app, env, body, who);
    }

    /** For the orchestrator: where a rollback would go and whether it crosses an irreversible migration or a breaking change. */
    @GetMapping("/environments/{env}/rollback-target")
    Mono<RollbackTarget> rollbackTarget(@PathVariable String app, @PathVariable String env,
            @RequestParam(required = false) String from, ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.VIEWER);
        InvalidFields.throwIfAny(validator.validate(new RollbackTargetQuery(from)));
        return environments.rollbackTarget(app, env, from);
    }

    @GetMapping("/upgrades")
    Mono<Page<UpgradeEntry>> upgrades(@PathVariable String app, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String status, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.VIEWER);
        int[] p = Page.params(page, size);
        InvalidFields.throwIfAny(validator.validate(new UpgradesQuery(status)));
        return environments.upgrades(app, environment, status, p[0], p[1]);
    }
}
