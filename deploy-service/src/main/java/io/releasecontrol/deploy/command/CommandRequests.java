package io.releasecontrol.deploy.command;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The natural idempotency key of commands ({@code requestId}): a command re-sent with a new event
 * id (a retrying orchestrator) is recognised too, not only a redelivered message.
 */
@Component
class CommandRequests {

    private final DatabaseClient db;

    CommandRequests(DatabaseClient db) {
        this.db = db;
    }

    /** Records the request in the caller's transaction; false when it had been recorded before. */
    Mono<Boolean> firstTime(String requestId, String commandType, UUID deploymentId) {
        var spec = db.sql("""
                INSERT INTO command_requests (request_id, command_type, deployment_id) VALUES (:rid, :type, :did)
                ON CONFLICT (request_id) DO NOTHING""")
                .bind("rid", requestId).bind("type", commandType);
        spec = deploymentId == null ? spec.bindNull("did", UUID.class) : spec.bind("did", deploymentId);
        return spec.fetch().rowsUpdated().map(n -> n > 0);
    }
}
