package io.releasecontrol.deploy.checklist;

import io.r2dbc.spi.Readable;
import io.releasecontrol.deploy.deployment.DeploymentRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The checklist items of deployments, in PostgreSQL ({@code checklist_items}). */
@Repository
public class ChecklistRepository {

    private final DatabaseClient db;

    public ChecklistRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> insert(UUID deploymentId, List<ItemState> items) {
        return Flux.range(0, items.size()).concatMap(i -> {
            ItemState s = items.get(i);
            var spec = db.sql("""
                    INSERT INTO checklist_items (deployment_id, item_id, phase, position, title, auto_check, status,
                        detail, confirmed_by, comment, at)
                    VALUES (:id, :item, :phase, :position, :title, :check, :status, :detail, :by, :comment, :at)""")
                    .bind("id", deploymentId).bind("item", s.id()).bind("phase", s.phase().name())
                    .bind("position", i).bind("title", s.title());
            spec = nullable(spec, "check", s.check() == null ? null : s.check().wire(), String.class);
            return state(spec, s).then();
        }).then();
    }

    /** The items of a deployment, pre before post, in the policy's order; empty when it has none. */
    public Mono<List<ItemState>> find(UUID deploymentId) {
        return db.sql("SELECT * FROM checklist_items WHERE deployment_id = :id ORDER BY phase DESC, position")
                .bind("id", deploymentId).map(ChecklistRepository::toItem).all().collectList();
    }

    /** Writes where an item stands now. */
    public Mono<Void> update(UUID deploymentId, ItemState s) {
        var spec = db.sql("""
                UPDATE checklist_items SET status = :status, detail = :detail, confirmed_by = :by, comment = :comment,
                    at = :at WHERE deployment_id = :id AND item_id = :item""")
                .bind("id", deploymentId).bind("item", s.id());
        return state(spec, s).then();
    }

    /** Whether the deployment's pre-deployment checklist lets it start (true without one). */
    public Mono<Boolean> preDone(UUID deploymentId) {
        return db.sql("SELECT NOT " + DeploymentRepository.PRE_CHECKLIST_NOT_DONE
                + " AS done FROM deployments d WHERE d.id = :id")
                .bind("id", deploymentId).map(row -> Boolean.TRUE.equals(row.get("done", Boolean.class))).one()
                .defaultIfEmpty(true);
    }

    private static GenericExecuteSpec state(GenericExecuteSpec spec, ItemState s) {
        spec = spec.bind("status", s.status().name());
        spec = nullable(spec, "detail", s.detail(), String.class);
        spec = nullable(spec, "by", s.by(), String.class);
        spec = nullable(spec, "comment", s.comment(), String.class);
        return nullable(spec, "at", s.at(), Instant.class);
    }

    private static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static ItemState toItem(Readable row) {
        String check = row.get("auto_check", String.class);
        return new ItemState(ItemState.Phase.valueOf(row.get("phase", String.class)),
                row.get("item_id", String.class), row.get("title", String.class),
                check == null ? null : AutoCheck.fromWire(check).orElseThrow(),
                ItemState.Status.valueOf(row.get("status", String.class)), row.get("detail", String.class),
                row.get("confirmed_by", String.class), row.get("comment", String.class),
                row.get("at", Instant.class));
    }
}
