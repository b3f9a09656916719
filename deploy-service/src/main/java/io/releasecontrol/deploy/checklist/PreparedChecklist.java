package io.releasecontrol.deploy.checklist;

import io.releasecontrol.deploy.deployment.StartCondition;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** A new deployment's copy of its environment's checklists, automatic items evaluated, written with the deployment. */
final class PreparedChecklist implements StartCondition {

    private final List<ItemState> items;
    private final ChecklistRepository repository;

    PreparedChecklist(List<ItemState> items, ChecklistRepository repository) {
        this.items = List.copyOf(items);
        this.repository = repository;
    }

    @Override
    public String waitReason() {
        return ChecklistRules.waitReason(items);
    }

    @Override
    public Mono<Void> write(UUID deploymentId) {
        return repository.insert(deploymentId, items);
    }
}
