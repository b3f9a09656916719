package io.releasecontrol.deploy.log;

import io.releasecontrol.deploy.deployment.DeploymentRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Follows a deployment's log: stored lines after a sequence, then new ones as they are committed,
 * read from the database in sequence order (so a reconnect with the last id it got sees neither a
 * gap nor a duplicate). Reads are triggered by local notifications and, for lines written by
 * other instances, a poll. Ends with an {@code {status}} item once the deployment has finished
 * and its last lines are out.
 */
@Component
class LiveLogStream {

    /** Fallback read interval, for lines written by another instance. */
    static final Duration POLL = Duration.ofMillis(500);
    /** Lines written right after the final transition (a cancel note) still make it into the stream. */
    static final Duration SETTLE = Duration.ofMillis(500);
    private static final int READ_LIMIT = 500;

    private final LogService logs;
    private final LogNotifier notifier;
    private final DeploymentRepository repository;

    public LiveLogStream(LogService logs, LogNotifier notifier, DeploymentRepository repository) {
        this.logs = logs;
        this.notifier = notifier;
        this.repository = repository;
    }

    /** {@link LogEntry} items, then one {@code Map} with the final status. */
    public Flux<Object> follow(UUID id, long afterSequence) {
        AtomicLong last = new AtomicLong(afterSequence);
        Flux<Object> triggers = Flux.merge(notifier.changes(id), Flux.interval(Duration.ZERO, POLL))
                .onBackpressureLatest().cast(Object.class);
        return triggers.concatMap(t -> round(id, last), 1)
                .takeUntil(item -> item instanceof Map<?, ?>);
    }

    /** New lines, or the end marker when there are none and the deployment has been over for a while. */
    private Flux<Object> round(UUID id, AtomicLong last) {
        return logs.read(id, last.get(), READ_LIMIT).collectList().flatMapMany(lines -> {
            if (!lines.isEmpty()) {
                last.set(lines.get(lines.size() - 1).sequence());
                return Flux.fromIterable(lines);
            }
            return repository.findById(id)
                    .filter(d -> d.status().isFinished() && d.state().completedAt() != null
                            && d.state().completedAt().plus(SETTLE).isBefore(Instant.now()))
                    .flatMapMany(d -> logs.read(id, last.get(), READ_LIMIT).collectList().map(rest -> {
                        if (!rest.isEmpty()) {
                            last.set(rest.get(rest.size() - 1).sequence());
                        }
                        return List.<Object>copyOf(rest);
                    }).flatMapMany(rest -> Flux.concat(Flux.fromIterable(rest),
                            Mono.just(Map.of("status", d.status().name(), "lastSequence", last.get())))));
        });
    }
}
