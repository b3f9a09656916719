package io.releasecontrol.orchestrator.notify;

import io.releasecontrol.orchestrator.OrchestratorProperties;
import io.releasecontrol.orchestrator.OrchestratorProperties.NotificationDelivery;
import io.releasecontrol.runtime.jobs.PeriodicJob;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Delivers queued notifications to the environment's webhook: claimed with a lease (so two
 * instances never send the same one at once), oldest first per saga, retried with exponential
 * back-off, given up (and logged) after {@code maxAttempts}. Runs on its own loop: a dead webhook
 * delays notifications, never a saga.
 */
@Component
class WebhookSender extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final DatabaseClient db;
    private final OrchestratorProperties props;
    private final WebClient web = WebClient.builder().build();

    WebhookSender(DatabaseClient db, OrchestratorProperties props) {
        super(Schedule.every("webhook sender", Duration.ZERO, props.notifications().poll())
                .on(Schedulers.boundedElastic()));
        this.db = db;
        this.props = props;
    }

    /** One round: claims the due notifications and delivers each; returns how many were claimed. */
    @Override
    protected Mono<Integer> round() {
        NotificationDelivery n = props.notifications();
        // the lease: a claimed row is not due again until a delivery could have timed out
        long leaseMs = n.timeout().toMillis() * 2;
        return db.sql("""
                UPDATE notifications SET next_attempt_at = now() + make_interval(secs => :lease / 1000.0)
                WHERE id IN (SELECT id FROM notifications q WHERE sent_at IS NULL AND given_up_at IS NULL
                    AND next_attempt_at <= now()
                    AND NOT EXISTS (SELECT 1 FROM notifications o WHERE o.saga_id = q.saga_id AND o.id < q.id
                        AND o.sent_at IS NULL AND o.given_up_at IS NULL)
                    ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED)
                RETURNING id, environment, payload, attempts""")
                .bind("lease", leaseMs)
                .map(row -> new Due(row.get("id", Long.class), row.get("environment", String.class),
                        row.get("payload", String.class), row.get("attempts", Integer.class)))
                .all()
                .flatMap(this::deliver, 4)
                .count().map(Long::intValue);
    }

    private Mono<Void> deliver(Due d) {
        URI url = props.environment(d.environment()).webhook();
        if (url == null) {
            return giveUp(d, "no webhook configured for " + d.environment() + " any more");
        }
        return web.post().uri(url).contentType(MediaType.APPLICATION_JSON).bodyValue(d.payload())
                .retrieve().toBodilessEntity()
                .timeout(props.notifications().timeout())
                .then(db.sql("UPDATE notifications SET sent_at = now(), attempts = attempts + 1, last_error = NULL"
                        + " WHERE id = :id").bind("id", d.id()).then())
                .onErrorResume(e -> failed(d, e.toString()));
    }

    private Mono<Void> failed(Due d, String error) {
        NotificationDelivery n = props.notifications();
        int attempts = d.attempts() + 1;
        if (attempts >= n.maxAttempts()) {
            return giveUp(d, error);
        }
        long backoff = Math.min(n.maxBackoff().toMillis(), n.initialBackoff().toMillis() << Math.min(attempts - 1, 20));
        log.info("notification {} to {} failed (attempt {}): {}; next try in {} ms", d.id(), d.environment(),
                attempts, error, backoff);
        return db.sql("UPDATE notifications SET attempts = :attempts, last_error = :error,"
                        + " next_attempt_at = now() + make_interval(secs => :backoff / 1000.0) WHERE id = :id")
                .bind("id", d.id()).bind("attempts", attempts).bind("error", error).bind("backoff", backoff).then();
    }

    private Mono<Void> giveUp(Due d, String error) {
        log.warn("notification {} to {} given up after {} attempts: {}", d.id(), d.environment(), d.attempts() + 1,
                error);
        return db.sql("UPDATE notifications SET attempts = attempts + 1, last_error = :error, given_up_at = now()"
                + " WHERE id = :id").bind("id", d.id()).bind("error", error).then();
    }

    private record Due(long id, String environment, String payload, int attempts) {
    }
}
