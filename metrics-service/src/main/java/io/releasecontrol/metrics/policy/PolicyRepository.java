package io.releasecontrol.metrics.policy;

import com.mongodb.client.model.ReplaceOptions;
import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.gate.GateSettings;
import io.releasecontrol.metrics.prometheus.PrometheusQueries;
import io.releasecontrol.metrics.rules.RuleRepository;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code analysis_policies} collection: one document per policy, {@code _id} = {@code app} or
 * {@code app:env}; rules stored as the rules collection stores them, Prometheus templates as a list
 * of {@code {field, query}} (checked again when read, like the rules).
 */
@Component
class PolicyRepository {

    static final String COLLECTION = "analysis_policies";
    private static final Logger log = LoggerFactory.getLogger(PolicyRepository.class);

    private final ReactiveMongoTemplate mongo;

    PolicyRepository(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Every policy; one that no longer reads as valid (a shorter retention since) is skipped and logged. */
    Flux<AnalysisPolicy> findAll(Duration maxWindow) {
        return mongo.getCollection(COLLECTION).flatMapMany(c -> Flux.from(c.find().sort(new Document("_id", 1))))
                .concatMap(d -> {
                    try {
                        return Mono.just(fromDocument(d, maxWindow));
                    } catch (RuntimeException e) {
                        log.warn("analysis policy {} skipped, it no longer reads as valid: {}", d.get("_id"),
                                e.getMessage());
                        return Mono.empty();
                    }
                });
    }

    /** Creates or replaces; true when it created. */
    Mono<Boolean> save(AnalysisPolicy p) {
        return mongo.getCollection(COLLECTION).flatMap(c -> Mono.from(c.replaceOne(new Document("_id", p.key()),
                toDocument(p), new ReplaceOptions().upsert(true)))).map(r -> r.getUpsertedId() != null);
    }

    /** True when there was a policy to delete. */
    Mono<Boolean> delete(String application, String environment) {
        return mongo.getCollection(COLLECTION).flatMap(c -> Mono.from(c.deleteOne(new Document("_id",
                AnalysisPolicy.key(application, environment))))).map(r -> r.getDeletedCount() > 0);
    }

    static Document toDocument(AnalysisPolicy p) {
        Document gate = p.gate() == null ? null : new Document("minRequests", p.gate().minRequests())
                .append("minIntervals", p.gate().minIntervals()).append("maxWait", p.gate().maxWait().toString())
                .append("onTimeout", p.gate().onTimeout().wire()).append("bake", p.gate().bake().toString());
        return new Document("_id", p.key()).append("application", p.application())
                .append("environment", p.environment())
                .append("rules", p.rules().stream().map(RuleRepository::toDocument).toList())
                .append("disabled", p.disabled()).append("gate", gate).append("prometheus", prometheus(p))
                .append("updatedBy", p.updatedBy()).append("updatedAt", Date.from(p.updatedAt()));
    }

    /** A list of {field, query}: a field such as custom.checkout_total would be a dotted path as a key. */
    private static List<Document> prometheus(AnalysisPolicy p) {
        return p.prometheus() == null ? null : p.prometheus().texts().entrySet().stream()
                .map(e -> new Document("field", e.getKey()).append("query", e.getValue())).toList();
    }

    static AnalysisPolicy fromDocument(Document d, Duration maxWindow) {
        List<Rule> rules = d.getList("rules", Document.class, List.of()).stream()
                .map(r -> RuleRepository.fromDocument(r).toRule("", maxWindow)).toList();
        Document g = d.get("gate", Document.class);
        GateSettings gate = g == null ? null : new GateSettings(((Number) g.get("minRequests")).longValue(),
                ((Number) g.get("minIntervals")).intValue(), Duration.parse(g.getString("maxWait")),
                GateSettings.OnTimeout.valueOf(g.getString("onTimeout").toUpperCase(java.util.Locale.ROOT)),
                Duration.parse(g.getString("bake")));
        List<Document> queries = d.getList("prometheus", Document.class);
        PrometheusQueries prometheus = null;
        if (queries != null) {
            Map<String, String> texts = new LinkedHashMap<>();
            queries.forEach(q -> texts.put(q.getString("field"), q.getString("query")));
            List<FieldError> errors = new ArrayList<>();
            prometheus = PrometheusQueries.parse(texts, "prometheus", errors);
            if (prometheus == null) {
                throw new IllegalArgumentException(errors.toString());
            }
        }
        return new AnalysisPolicy(d.getString("application"), d.getString("environment"), rules,
                d.getList("disabled", String.class, List.of()), gate, prometheus, d.getString("updatedBy"),
                d.getDate("updatedAt").toInstant());
    }
}
