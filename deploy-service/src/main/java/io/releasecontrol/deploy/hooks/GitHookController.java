package io.releasecontrol.deploy.hooks;

import io.releasecontrol.deploy.deployment.DeploymentRequestChecks;
import io.releasecontrol.deploy.deployment.DeploymentRequests;
import io.releasecontrol.deploy.deployment.DeploymentResources;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.executor.DeployExecutors;
import io.releasecontrol.deploy.runner.DeploymentStarter;
import io.releasecontrol.deploy.versions.VersionServiceClient;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import jakarta.validation.Validator;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/hooks/git}: a GitHub-style push, signed with the application's secret
 * ({@code X-Hub-Signature-256}), deploys the pushed branch or tag to the environment its ref is
 * mapped to; a pushed tag's version is registered in version-service first. Callers are the git
 * server, not people: the HMAC is the authentication (401 without a valid one). The deployment
 * meets the environment's policy like any other.
 */
@RestController
@RequestMapping("/api/v1/hooks/git")
class GitHookController {

    private static final Logger log = LoggerFactory.getLogger(GitHookController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HookProperties hooks;
    private final DeploymentStarter starter;
    private final DeployExecutors executors;
    private final DeploymentResources resources;
    private final VersionServiceClient versions;
    private final Validator validator;

    GitHookController(HookProperties hooks, DeploymentStarter starter, DeployExecutors executors,
            DeploymentResources resources, VersionServiceClient versions, Validator validator) {
        this.versions = versions;
        this.validator = validator;
        this.hooks = hooks;
        this.starter = starter;
        this.executors = executors;
        this.resources = resources;
    }

    @PostMapping
    Mono<ResponseEntity<Object>> push(@RequestBody(required = false) byte[] body,
            @RequestHeader(value = HookSignature.HEADER, required = false) String signature,
            @RequestHeader(value = "X-GitHub-Event", required = false) String event,
            @RequestHeader(value = "X-GitHub-Delivery", required = false) String delivery,
            @RequestParam(required = false) String application) {
        return Mono.defer(() -> {
            if (signature == null) {
                throw unauthenticated("the hook must be signed (" + HookSignature.HEADER + ")");
            }
            byte[] raw = body == null ? new byte[0] : body;
            JsonNode payload = parse(raw);
            String app = application != null ? application : text(payload.path("repository").path("name"));
            HookProperties.App settings = app == null ? null : hooks.applications().get(app);
            if (!HookSignature.valid(settings == null ? null : settings.secret(), raw, signature)) {
                throw unauthenticated("signature does not match the webhook secret of application '" + app + "'");
            }
            if ("ping".equals(event)) {
                return Mono.just(ResponseEntity.ok((Object) Map.of("pong", true, "application", app)));
            }
            if (event != null && !"push".equals(event)) {
                return ignored("event '" + event + "' is not a push");
            }
            var push = new GitPush(text(payload.path("ref")), text(payload.path("after")),
                    app, text(payload.path("pusher").path("name")) == null ? "unknown" : text(payload.path("pusher").path("name")),
                    payload.path("deleted").isBoolean() && payload.path("deleted").booleanValue());
            if (push.deleted()) {
                return ignored(push.ref() + " was deleted");
            }
            var target = push.target(hooks);
            if (target.isEmpty()) {
                return ignored("ref '" + push.ref() + "' is mapped to no environment");
            }
            var t = target.get();
            String message = text(payload.path("head_commit").path("message")) == null ? ""
                    : text(payload.path("head_commit").path("message"));
            var create = DeploymentRequests.Create.builder().application(app).environment(t.environment())
                    .version(t.version()).branch(t.branch()).commit(t.commit()).strategy(hooks.strategy())
                    .executor(hooks.executor()).options(new DeploymentRequests.Options(null, null,
                            ("git push of " + push.ref() + " by " + push.pusher() + (message.isBlank() ? ""
                                    : ": " + message.lines().findFirst().orElse(""))), null))
                    .build();
            NewDeployment r = DeploymentRequestChecks.newDeployment(validator, create, "git-webhook:" + push.pusher(),
                    executors.names());
            // a redelivered hook (same delivery id) is the same deployment
            var request = r.toBuilder().requestId(delivery == null ? null : "git-hook:" + delivery).build();
            return register(app, t, push).then(starter.start(request, null)).flatMap(resources::of)
                    .map(d -> ResponseEntity.created(URI.create("/api/v1/deployments/" + d.id())).body((Object) d));
        });
    }

    /**
     * A pushed tag is a release: its version is registered in version-service first (an existing one
     * counts as registered, so a redelivery does not fail). A branch deploys {@code branch@commit},
     * which is no semantic version, so there is nothing to register.
     */
    private Mono<Void> register(String app, GitPush.Target t, GitPush push) {
        if (t.version() == null) {
            return Mono.empty();
        }
        String tag = push.ref().substring("refs/tags/".length());
        return versions.register(app, new VersionServiceClient.Registration(t.version(), null, tag, t.commit()))
                .doOnNext(created -> log.info("{} {} from tag {} ({}) {} in version-service", app, t.version(), tag,
                        t.commit(), created ? "registered" : "was registered already"))
                .then();
    }

    private static Mono<ResponseEntity<Object>> ignored(String why) {
        return Mono.just(ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("ignored", why)));
    }

    /** A string field, or null when absent or of another type (a foreign payload is never trusted to be well-typed). */
    private static String text(JsonNode node) {
        return node.isString() ? node.stringValue() : null;
    }

    private static JsonNode parse(byte[] raw) {
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || !node.isObject()) {
                throw new ProblemException(ProblemType.MALFORMED_REQUEST, "the hook payload must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "the hook payload is not JSON: "
                    + e.getOriginalMessage());
        }
    }

    private static ProblemException unauthenticated(String detail) {
        return new ProblemException(ProblemType.UNAUTHENTICATED, detail);
    }
}
