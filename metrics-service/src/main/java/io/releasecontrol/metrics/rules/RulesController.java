package io.releasecontrol.metrics.rules;

import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.web.Roles;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Rules CRUD ({@code GET} viewer, {@code PUT} admin) and the what-if replay (viewer). */
@RestController
class RulesController {

    private final RuleRepository repository;
    private final RuleSync sync;
    private final Evaluator evaluator;
    private final MetricsProperties properties;
    private final Replay replay;
    private final JsonMapper json;
    private final RuleEvents events;

    RulesController(RuleRepository repository, RuleSync sync, Evaluator evaluator, MetricsProperties properties,
            Replay replay, JsonMapper json, RuleEvents events) {
        this.json = json;
        this.events = events;
        this.repository = repository;
        this.sync = sync;
        this.evaluator = evaluator;
        this.properties = properties;
        this.replay = replay;
    }

    @GetMapping("/api/v1/rules")
    Map<String, Object> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
            ServerWebExchange exchange) {
        Roles.require(exchange, TrustedIdentity.VIEWER);
        if (page < 0 || size < 1 || size > 500) {
            throw ProblemException.invalid(page < 0 ? "page" : "size", page < 0 ? "must not be negative"
                    : "must be between 1 and 500");
        }
        List<RuleView> all = evaluator.rules().stream().map(RuleView::of).toList();
        int from = Math.min(all.size(), page * size);
        return Map.of("items", all.subList(from, Math.min(all.size(), from + size)), "page", page, "size", size,
                "total", all.size());
    }

    @GetMapping("/api/v1/rules/{id}")
    RuleView one(@PathVariable String id, ServerWebExchange exchange) {
        Roles.require(exchange, TrustedIdentity.VIEWER);
        return evaluator.rules().stream().filter(r -> r.id().equals(id)).findFirst().map(RuleView::of)
                .orElseThrow(() -> ProblemException.notFound("no rule " + id));
    }

    /**
     * Creates or replaces the rule {@code id}; this instance uses it from the next sample on, and the
     * others once they read the {@code MetricRuleChanged} published before the answer.
     */
    @PutMapping("/api/v1/rules/{id}")
    Mono<RuleView> put(@PathVariable String id, @RequestBody RuleView body, ServerWebExchange exchange) {
        TrustedIdentity admin = Roles.require(exchange, TrustedIdentity.ADMIN);
        if (body.id() != null && !body.id().equals(id)) {
            throw ProblemException.invalid("id", "must match the path (" + id + ")");
        }
        Rule rule = body.withId(id).toRule("", properties.retention());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return repository.save(rule).flatMap(created -> {
            List<Rule> rules = new ArrayList<>(evaluator.rules());
            rules.removeIf(r -> r.id().equals(id));
            rules.add(rule);
            rules.sort(java.util.Comparator.comparing(Rule::id));
            sync.apply(rules);
            return events.publish(RuleEvents.changed(rule, created, admin.subject(), now));
        }).thenReturn(RuleView.of(rule));
    }

    /**
     * The body is read up to {@link Replay#MAX_BODY_BYTES} (100,000 samples with room to spare), not
     * the codecs' 256 KiB in-memory default, which held about 1,000 samples.
     */
    @PostMapping("/api/v1/rules/replay")
    Mono<Replay.Result> replay(ServerWebExchange exchange) {
        Roles.require(exchange, TrustedIdentity.VIEWER);
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        if (type != null && !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the replay body is JSON (application/json), not "
                    + type);
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), Replay.MAX_BODY_BYTES)
                .onErrorMap(DataBufferLimitException.class, e -> new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                        "a replay body may be at most " + Replay.MAX_BODY_BYTES / (1024 * 1024) + " MiB ("
                                + Replay.MAX_SAMPLES + " samples)"))
                .map(this::request)
                .switchIfEmpty(Mono.error(() -> ProblemException.invalid("samples",
                        "post samples, or application, environment, from and to of stored ones")))
                .flatMap(replay::run);
    }

    private Replay.Request request(DataBuffer buffer) {
        try (InputStream in = buffer.asInputStream(true)) {
            return json.readValue(in, Replay.Request.class);
        } catch (JacksonException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "the replay body is not valid JSON of its shape: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
