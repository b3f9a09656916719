package io.releasecontrol.deploy.checklist;

import reactor.core.publisher.Mono;

/** The checklists an environment's release policy sets; the release feature answers. */
public interface EnvironmentChecklists {

    /** What the policy of {@code environment} (stored or default) says about checklists. */
    Mono<EnvironmentChecklist> checklistOf(String environment);

    /**
     * @param checklist         the items checked before and after a deployment
     * @param requiredPreceding the environment versions come from, which {@code previous-environment-healthy}
     *                          looks at; null: none
     */
    record EnvironmentChecklist(Checklist checklist, String requiredPreceding) {
    }
}
