package io.releasecontrol.metrics.rules;

import com.mongodb.client.model.ReplaceOptions;
import io.releasecontrol.metrics.evaluation.Rule;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The rules collection: one document per rule, {@code _id} = rule id. */
@Component
public class RuleRepository {

    static final String COLLECTION = "rules";

    private final ReactiveMongoTemplate mongo;

    RuleRepository(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    Flux<Rule> findAll(Duration maxWindow) {
        return mongo.getCollection(COLLECTION).flatMapMany(c -> Flux.from(c.find().sort(new Document("_id", 1))))
                .map(d -> fromDocument(d).toRule("", maxWindow));
    }

    /** True when the rule is new. */
    Mono<Boolean> save(Rule r) {
        return mongo.getCollection(COLLECTION).flatMap(c -> Mono.from(c.replaceOne(new Document("_id", r.id()),
                toDocument(r), new ReplaceOptions().upsert(true)))).map(u -> u.getUpsertedId() != null);
    }

    /** Inserts the seeds that are missing; existing rules (maybe edited by operators) are kept. */
    Mono<Void> seed(List<Rule> seeds) {
        return Flux.fromIterable(seeds)
                .concatMap(r -> mongo.getCollection(COLLECTION)
                        .flatMap(c -> Mono.from(c.countDocuments(new Document("_id", r.id()))))
                        .flatMap(n -> n == 0 ? save(r).then() : Mono.<Void>empty()))
                .then();
    }

    /** A rule as a document ({@code _id} = its id); analysis policies store their rules the same way. */
    public static Document toDocument(Rule r) {
        Document d = new Document("_id", r.id()).append("metric", r.metricName())
                .append("comparator", r.comparator().symbol()).append("threshold", r.threshold())
                .append("severity", r.severity()).append("action", r.action().wire())
                .append("window", r.window().toString()).append("minSamples", r.minSamples())
                .append("minRequests", r.minRequests())
                .append("failing", r.failure().failing()).append("outOf", r.failure().outOf())
                .append("recovery", r.recovery().toString()).append("canaryJudge", r.canaryJudge())
                .append("enabled", r.enabled()).append("mode", r.mode().wire());
        if (r.custom() instanceof Rule.Ratio ratio) {
            d.append("ratio", new Document("numerator", ratio.numerator()).append("denominator", ratio.denominator()));
        } else if (r.custom() instanceof Rule.Counter c) {
            d.append("counter", c.counter());
        } else if (r.custom() instanceof Rule.Gauge g) {
            d.append("gauge", g.gauge());
        }
        return d;
    }

    /** Read back; a document written before {@code mode} existed is an enforced rule. */
    public static RuleView fromDocument(Document d) {
        return new RuleView(d.getString("_id"), d.getString("metric"), d.getString("comparator"),
                ((Number) d.get("threshold")).doubleValue(), d.getString("severity"), d.getString("action"),
                Duration.parse(d.getString("window")), ((Number) d.get("minSamples")).intValue(),
                ((Number) d.get("minRequests")).longValue(),
                new RuleView.Failure(((Number) d.get("failing")).intValue(), ((Number) d.get("outOf")).intValue()),
                Duration.parse(d.getString("recovery")), d.getBoolean("canaryJudge"), d.getBoolean("enabled"),
                d.getString("mode"), ratio(d.get("ratio", Document.class)), d.getString("counter"), d.getString("gauge"));
    }

    private static RuleView.RatioView ratio(Document r) {
        return r == null ? null : new RuleView.RatioView(r.getString("numerator"), r.getString("denominator"));
    }
}
