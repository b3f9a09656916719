package io.releasecontrol.deploy.log;

import io.releasecontrol.deploy.deployment.DeploymentEvents;
import io.releasecontrol.deploy.deployment.DeploymentSpec;
import io.releasecontrol.deploy.executor.OutputLine;
import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.log.DeployLogLine;
import io.releasecontrol.runtime.outbox.Outbox;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stores log lines and publishes each as {@code DeployLogLine} through the outbox, in one
 * transaction per batch. The sequence comes from the deployment row ({@code log_sequence}), whose
 * lock serialises writers: lines are gap-free and ordered whoever writes them.
 */
@Service
public class LogService {

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final LogNotifier notifier;

    public LogService(DatabaseClient db, Outbox outbox, TransactionalOperator tx, LogNotifier notifier) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
        this.notifier = notifier;
    }

    public Mono<Void> system(DeploymentSpec deployment, String line) {
        return append(deployment, List.of(OutputLine.system(line)));
    }

    /** Appends lines in order; emits nothing, completes once they are committed. */
    public Mono<Void> append(DeploymentSpec d, List<OutputLine> lines) {
        if (lines.isEmpty()) {
            return Mono.empty();
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Mono<Void> write = db.sql("UPDATE deployments SET log_sequence = log_sequence + :n WHERE id = :id"
                        + " RETURNING log_sequence")
                .bind("n", lines.size()).bind("id", d.id())
                .map(row -> row.get("log_sequence", Long.class)).one()
                .flatMap(last -> {
                    long first = last - lines.size() + 1;
                    return insert(d.id(), first, lines, at).then(publish(d, first, lines, at));
                });
        return tx.transactional(write).doOnSuccess(v -> notifier.changed(d.id()));
    }

    private Mono<Void> insert(UUID id, long first, List<OutputLine> lines, Instant at) {
        StringBuilder sql = new StringBuilder("INSERT INTO deploy_logs (deployment_id, sequence, stream, line, at) VALUES ");
        for (int i = 0; i < lines.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:id, :seq").append(i).append(", :stream").append(i)
                    .append(", :line").append(i).append(", :at)");
        }
        var spec = db.sql(sql.toString()).bind("id", id).bind("at", at);
        for (int i = 0; i < lines.size(); i++) {
            spec = spec.bind("seq" + i, first + i).bind("stream" + i, lines.get(i).stream())
                    .bind("line" + i, lines.get(i).text());
        }
        return spec.then();
    }

    private Mono<Void> publish(DeploymentSpec d, long first, List<OutputLine> lines, Instant at) {
        List<EventEnvelope<?>> events = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            var line = new DeployLogLine(new DeploymentId(d.id()), d.application(), d.environment(), first + i,
                    lines.get(i).stream(), lines.get(i).text(), at);
            events.add(DeploymentEvents.envelope(line, d.id().toString(), null));
        }
        return outbox.appendAll(events);
    }

    /** Stored lines after {@code afterSequence}, in order. */
    public Flux<LogEntry> read(UUID deploymentId, long afterSequence, int limit) {
        return db.sql("""
                SELECT sequence, stream, line, at FROM deploy_logs WHERE deployment_id = :id AND sequence > :after
                ORDER BY sequence LIMIT :limit""")
                .bind("id", deploymentId).bind("after", afterSequence).bind("limit", limit)
                .map(row -> new LogEntry(row.get("sequence", Long.class), row.get("stream", String.class),
                        row.get("line", String.class), row.get("at", Instant.class)))
                .all();
    }

    /** Deletes lines older than {@code before}; emits how many. */
    public Mono<Long> deleteOlderThan(Instant before) {
        return db.sql("DELETE FROM deploy_logs WHERE at < :before").bind("before", before).fetch().rowsUpdated();
    }
}
