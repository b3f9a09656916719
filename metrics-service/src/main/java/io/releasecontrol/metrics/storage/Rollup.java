package io.releasecontrol.metrics.storage;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/** The sums of one version's samples in one minute, written as one {@code $inc}/{@code $max} upsert. */
final class Rollup {

    private final String application;
    private final String environment;
    private final String version;
    private final Instant minute;
    private long samples;
    private long requests;
    private long errors;
    private long http5xx;
    private double latencyWeighted;
    private double latencyWeight;
    private double latencyMax;
    private double cpuSum;
    private long cpuCount;
    private double memorySum;
    private long memoryCount;
    private long activeUsers;

    Rollup(String application, String environment, String version, Instant minute) {
        this.application = application;
        this.environment = environment;
        this.version = version;
        this.minute = minute;
    }

    void add(MetricSampleRecorded s) {
        samples++;
        requests += s.requests() == null ? 0 : s.requests();
        errors += s.errors() == null ? 0 : s.errors();
        http5xx += s.http5xx() == null ? 0 : s.http5xx();
        if (s.latencyP95Ms() != null) {
            double w = s.requests() == null || s.requests() == 0 ? 1 : s.requests();
            latencyWeighted += s.latencyP95Ms() * w;
            latencyWeight += w;
            latencyMax = Math.max(latencyMax, s.latencyP95Ms());
        }
        if (s.cpu() != null) {
            cpuSum += s.cpu();
            cpuCount++;
        }
        if (s.memory() != null) {
            memorySum += s.memory();
            memoryCount++;
        }
        activeUsers += s.activeUsers() == null ? 0 : s.activeUsers();
    }

    Document update() {
        return new Document("$setOnInsert", new Document("application", application).append("environment", environment)
                .append("version", version).append("minute", Date.from(minute)))
                .append("$inc", new Document("samples", samples).append("requests", requests).append("errors", errors)
                        .append("http5xx", http5xx).append("latencyWeighted", latencyWeighted)
                        .append("latencyWeight", latencyWeight).append("cpuSum", cpuSum).append("cpuCount", cpuCount)
                        .append("memorySum", memorySum).append("memoryCount", memoryCount)
                        .append("activeUsers", activeUsers))
                .append("$max", new Document("latencyMax", latencyMax));
    }
}
