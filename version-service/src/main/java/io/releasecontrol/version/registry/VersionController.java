package io.releasecontrol.version.registry;

import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.version.registry.VersionRequests.Change;
import io.releasecontrol.version.registry.VersionRequests.CreateVersion;
import io.releasecontrol.version.web.Access;
import io.releasecontrol.version.web.Page;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/applications/{app}")
class VersionController {

    private final VersionService versions;

    VersionController(VersionService versions) {
        this.versions = versions;
    }

    @PostMapping("/versions")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Version> create(@PathVariable String app, @RequestBody CreateVersion body, ServerWebExchange exchange) {
        TrustedIdentity who = Access.require(exchange, TrustedIdentity.DEPLOYER);
        return versions.create(app, body, who);
    }

    /** Newest first by semver precedence (pre-releases below their release). */
    @GetMapping("/versions")
    Mono<Page<Version>> list(@PathVariable String app, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.VIEWER);
        int[] p = Page.params(page, size);
        return versions.list(app).map(all -> Page.of(all, p[0], p[1]));
    }

    @GetMapping("/versions/{version}")
    Mono<Version> get(@PathVariable String app, @PathVariable String version, ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.VIEWER);
        return versions.detail(app, version);
    }

    @PostMapping("/versions/{version}/changes")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Version> addChange(@PathVariable String app, @PathVariable String version, @RequestBody Change body,
            ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.DEPLOYER);
        return versions.addChange(app, version, body);
    }

    /** Marks the version released (ready to deploy anywhere); publishes VersionReleased the first time. */
    @PostMapping("/versions/{version}/release")
    Mono<Version> release(@PathVariable String app, @PathVariable String version, ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.DEPLOYER);
        return versions.release(app, version);
    }

    @GetMapping("/compatibility")
    Mono<CompatibilityMatrix> compatibility(@PathVariable String app, ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.VIEWER);
        return versions.compatibility(app);
    }
}
