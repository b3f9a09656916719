package io.releasecontrol.deploy.checklist;

import io.releasecontrol.deploy.deployment.ChecklistViews;
import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentResource.ChecklistView;
import io.releasecontrol.deploy.deployment.DeploymentResource.ItemView;
import io.releasecontrol.deploy.deployment.DeploymentStatus;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The checklists of a deployment as its resource shows them: its stored items, what it waits for, where to confirm. */
@Component
class DeploymentChecklistViews implements ChecklistViews {

    private final ChecklistRepository items;

    DeploymentChecklistViews(ChecklistRepository items) {
        this.items = items;
    }

    @Override
    public Mono<ChecklistView> of(Deployment d) {
        return items.find(d.spec().id()).filter(list -> !list.isEmpty()).map(list -> view(d, list));
    }

    static ChecklistView view(Deployment d, List<ItemState> items) {
        String self = "/api/v1/deployments/" + d.spec().id();
        List<ItemView> pre = items.stream().filter(i -> i.phase() == ItemState.Phase.PRE)
                .map(i -> item(d, i, self)).toList();
        List<ItemView> post = items.stream().filter(i -> i.phase() == ItemState.Phase.POST)
                .map(i -> item(d, i, self)).toList();
        boolean complete = ChecklistRules.preComplete(items);
        return new ChecklistView(complete, d.status() == DeploymentStatus.PENDING ? ChecklistRules.waitReason(items)
                : null, pre, post);
    }

    private static ItemView item(Deployment d, ItemState i, String self) {
        String confirm = ChecklistRules.refusal(d.status(), i) == null ? self + "/checklist/" + i.id() + "/confirm"
                : null;
        return new ItemView(i.id(), i.title(), i.automatic() ? "automatic" : "manual",
                i.check() == null ? null : i.check().wire(), i.status().name(), i.detail(), i.by(), i.comment(),
                i.at(), confirm);
    }
}
