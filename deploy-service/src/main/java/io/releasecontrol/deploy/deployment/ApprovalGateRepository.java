package io.releasecontrol.deploy.deployment;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Approval gates of deployments and their votes, in PostgreSQL. */
@Repository
public class ApprovalGateRepository {

    private final DatabaseClient db;

    public ApprovalGateRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(UUID deploymentId, ApprovalRequest r) {
        var spec = db.sql("""
                INSERT INTO approval_gates (deployment_id, approvals_required, approver_role, reason, freeze_window,
                    status, expires_at) VALUES (:id, :required, :role, :reason, :window, 'WAITING', :expires)""")
                .bind("id", deploymentId).bind("required", r.approvalsRequired()).bind("role", r.approverRole())
                .bind("reason", r.reason()).bind("expires", r.expiresAt());
        spec = r.freezeWindow() == null ? spec.bindNull("window", String.class) : spec.bind("window", r.freezeWindow());
        return spec.then();
    }

    /** The gate with its votes; empty when the deployment never needed approval. */
    public Mono<ApprovalGate> find(UUID deploymentId) {
        return db.sql("SELECT * FROM approval_gates WHERE deployment_id = :id").bind("id", deploymentId)
                .map(ApprovalGateRepository::toGate).one()
                .flatMap(g -> votes(deploymentId).map(v -> new ApprovalGate(g.deploymentId(), g.request(), g.status(),
                        g.decidedAt(), v)));
    }

    private Mono<List<ApprovalGate.Vote>> votes(UUID deploymentId) {
        return db.sql("SELECT * FROM approval_votes WHERE deployment_id = :id ORDER BY at, voter")
                .bind("id", deploymentId)
                .map(row -> new ApprovalGate.Vote(row.get("voter", String.class),
                        ApprovalGate.Decision.valueOf(row.get("decision", String.class)),
                        row.get("comment", String.class), row.get("at", Instant.class)))
                .all().collectList();
    }

    /** Records a vote; false when this voter already decided on this gate. */
    public Mono<Boolean> vote(UUID deploymentId, ApprovalGate.Vote v) {
        var spec = db.sql("""
                INSERT INTO approval_votes (deployment_id, voter, decision, comment, at)
                VALUES (:id, :voter, :decision, :comment, :at) ON CONFLICT DO NOTHING""")
                .bind("id", deploymentId).bind("voter", v.voter()).bind("decision", v.decision().name())
                .bind("at", v.at());
        spec = v.comment() == null ? spec.bindNull("comment", String.class) : spec.bind("comment", v.comment());
        return spec.fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Closes a waiting gate; false when it was no longer waiting. */
    public Mono<Boolean> close(UUID deploymentId, ApprovalGate.Status status, Instant at) {
        return db.sql("UPDATE approval_gates SET status = :status, decided_at = :at"
                        + " WHERE deployment_id = :id AND status = 'WAITING'")
                .bind("id", deploymentId).bind("status", status.name()).bind("at", at)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Ids of deployments still waiting after their gate expired. */
    public Flux<UUID> expired(Instant now) {
        return db.sql("SELECT deployment_id FROM approval_gates WHERE status = 'WAITING' AND expires_at <= :now")
                .bind("now", now).map(row -> row.get("deployment_id", UUID.class)).all();
    }

    /** Whether the deployment waits for approvals (and so must not be started). */
    public Mono<Boolean> isWaiting(UUID deploymentId) {
        return db.sql("SELECT 1 AS w FROM approval_gates WHERE deployment_id = :id AND status = 'WAITING'")
                .bind("id", deploymentId).map(row -> true).one().defaultIfEmpty(false);
    }

    private static ApprovalGate toGate(Readable row) {
        var request = new ApprovalRequest(row.get("approvals_required", Integer.class),
                row.get("approver_role", String.class), row.get("reason", String.class),
                row.get("freeze_window", String.class), row.get("expires_at", Instant.class));
        return new ApprovalGate(row.get("deployment_id", UUID.class), request,
                ApprovalGate.Status.valueOf(row.get("status", String.class)), row.get("decided_at", Instant.class),
                List.of());
    }
}
