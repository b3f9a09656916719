package io.releasecontrol.version.application;

import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.InvalidFields;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.version.web.Access;
import io.releasecontrol.version.web.Page;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
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
@RequestMapping("/api/v1/applications")
class ApplicationController {

    private final ApplicationRepository applications;
    private final ApplicationProperties props;
    private final Validator validator;

    ApplicationController(ApplicationRepository applications, ApplicationProperties props, Validator validator) {
        this.applications = applications;
        this.props = props;
        this.validator = validator;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Application> create(@RequestBody CreateApplicationRequest body, ServerWebExchange exchange) {
        TrustedIdentity who = Access.require(exchange, TrustedIdentity.DEPLOYER);
        List<String> environments = validate(body);
        return applications.insert(body.name(), body.description(), body.owner(), environments, who.subject())
                .flatMap(created -> created ? applications.find(body.name())
                        : Mono.error(ProblemException.conflict("application '" + body.name() + "' exists already",
                                Map.of("application", body.name()))));
    }

    /**
     * Changes description, owner and environments (fields left out keep their value). An environment
     * where a version runs cannot be removed: its history would lose its target.
     */
    @PatchMapping("/{app}")
    Mono<Application> update(@PathVariable String app, @RequestBody CreateApplicationRequest body,
            ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.DEPLOYER);
        if (body.name() != null && !body.name().equals(app)) {
            throw InvalidFields.problem(List.of(new FieldError("name", "cannot be changed")));
        }
        return applications.find(app).switchIfEmpty(Mono.error(() -> unknown(app))).flatMap(current -> {
            var merged = new CreateApplicationRequest(app,
                    body.description() != null ? body.description() : current.description(),
                    body.owner() != null ? body.owner() : current.owner(),
                    body.environments() != null ? body.environments() : current.environments());
            List<String> environments = validate(merged);
            List<String> running = current.current().keySet().stream().filter(env -> !environments.contains(env)).toList();
            if (!running.isEmpty()) {
                return Mono.error(ProblemException.conflict("cannot remove " + String.join(", ", running) + " from " + app
                        + ": a version runs there", Map.of("environments", running)));
            }
            return applications.update(app, merged.description(), merged.owner(), environments)
                    .then(applications.find(app));
        });
    }

    /** The environments of a valid body, the configured ones when it names none. */
    private List<String> validate(CreateApplicationRequest body) {
        List<String> environments = body.environments() == null ? props.defaultEnvironments() : body.environments();
        var errors = new ArrayList<>(InvalidFields.of(validator.validate(
                new ApplicationDraft(body.name(), body.description(), body.owner(), environments))));
        // here, not a constraint: a repeat has always been listed after the names themselves, and besides "at most 20"
        if (new HashSet<>(environments).size() != environments.size()) {
            errors.add(new FieldError("environments", "must not repeat a name"));
        }
        InvalidFields.throwIfAny(errors);
        return environments;
    }

    @GetMapping
    Mono<Page<Application>> list(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.VIEWER);
        int[] p = Page.params(page, size);
        return applications.count().zipWith(applications.page(p[0], p[1]).collectList())
                .map(t -> new Page<>(t.getT2(), p[0], p[1], t.getT1()));
    }

    @GetMapping("/{app}")
    Mono<Application> get(@PathVariable String app, ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.VIEWER);
        return applications.find(app).switchIfEmpty(Mono.error(() -> unknown(app)));
    }

    public static ProblemException unknown(String app) {
        return ProblemException.notFound("application '" + app + "' is not registered");
    }
}
