package io.releasecontrol.metrics.query;

import io.releasecontrol.metrics.storage.SampleStore;
import io.releasecontrol.runtime.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A version's metric over time from the per-minute roll-ups, merged into steps of whole minutes. */
@Component
class SeriesQuery {

    static final Set<String> METRICS = Set.of("errorRate", "http5xxPerMinute", "latencyP95Ms", "cpu", "memory",
            "requests", "activeUsers");
    static final int MAX_POINTS = 10_000;

    private final ReactiveMongoTemplate mongo;

    SeriesQuery(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    record Point(Instant time, Double value, long samples) {
    }

    record Series(String application, String environment, String version, String metric, Duration step,
            List<Point> points) {
    }

    Mono<Series> series(String app, String env, String version, String metric, Instant from, Instant to, Duration step) {
        if (!METRICS.contains(metric)) {
            throw ProblemException.invalid("metric", "must be one of " + new java.util.TreeSet<>(METRICS));
        }
        if (step.toSeconds() < 60 || step.toSeconds() % 60 != 0) {
            throw ProblemException.invalid("step", "must be a whole number of minutes (roll-ups are per minute)");
        }
        if (!from.isBefore(to)) {
            throw ProblemException.invalid("from", "must be before to");
        }
        if (Duration.between(from, to).dividedBy(step) > MAX_POINTS) {
            throw ProblemException.invalid("step", "gives more than " + MAX_POINTS + " points; use a larger step");
        }
        long stepMs = step.toMillis();
        Document filter = new Document("application", app).append("environment", env).append("version", version)
                .append("minute", new Document("$gte", Date.from(from)).append("$lt", Date.from(to)));
        return mongo.getCollection(SampleStore.ROLLUPS)
                .flatMapMany(c -> Flux.from(c.find(filter)))
                .collect(() -> new TreeMap<Long, double[]>(), (acc, d) -> {
                    long t = d.getDate("minute").getTime();
                    long bucket = from.toEpochMilli() + Math.floorDiv(t - from.toEpochMilli(), stepMs) * stepMs;
                    double[] s = acc.computeIfAbsent(bucket, k -> new double[11]);
                    s[0] += num(d, "samples");
                    s[1] += num(d, "requests");
                    s[2] += num(d, "errors");
                    s[3] += num(d, "http5xx");
                    s[4] += num(d, "latencyWeighted");
                    s[5] += num(d, "latencyWeight");
                    s[6] += num(d, "cpuSum");
                    s[7] += num(d, "cpuCount");
                    s[8] += num(d, "memorySum");
                    s[9] += num(d, "memoryCount");
                    s[10] += num(d, "activeUsers");
                })
                .map(acc -> new Series(app, env, version, metric, step, acc.entrySet().stream()
                        .map(e -> new Point(Instant.ofEpochMilli(e.getKey()), value(metric, e.getValue(), step),
                                (long) e.getValue()[0]))
                        .toList()));
    }

    private static Double value(String metric, double[] s, Duration step) {
        double minutes = step.toSeconds() / 60.0;
        return switch (metric) {
            case "errorRate" -> s[1] == 0 ? null : s[2] / s[1];
            case "http5xxPerMinute" -> s[3] / minutes;
            case "latencyP95Ms" -> s[5] == 0 ? null : s[4] / s[5];
            case "cpu" -> s[7] == 0 ? null : s[6] / s[7];
            case "memory" -> s[9] == 0 ? null : s[8] / s[9];
            case "requests" -> s[1];
            default -> s[10] / Math.max(1, s[0]);
        };
    }

    private static double num(Document d, String key) {
        Object o = d.get(key);
        return o == null ? 0 : ((Number) o).doubleValue();
    }

}
