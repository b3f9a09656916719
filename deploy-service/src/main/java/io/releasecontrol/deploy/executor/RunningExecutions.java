package io.releasecontrol.deploy.executor;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * The executions running on this instance, one per deployment, shared by key so a second start of
 * the same step joins the first (idempotent start), and the last outcome per deployment.
 */
final class RunningExecutions<H> {

    private final Map<UUID, Entry<H>> running = new ConcurrentHashMap<>();
    private final Map<UUID, ExecutionStatus> outcomes = new ConcurrentHashMap<>();

    /** The execution's output, started at most once per key while it runs. */
    Flux<OutputLine> startOrJoin(Execution execution, Function<H, Flux<OutputLine>> body, H handle) {
        UUID id = execution.deployment().id();
        Entry<H> entry = running.compute(id, (k, existing) -> existing != null && existing.key.equals(execution.key())
                ? existing : new Entry<>(execution.key(), handle, share(id, execution.key(), body.apply(handle))));
        return entry.output;
    }

    private Flux<OutputLine> share(UUID id, String key, Flux<OutputLine> output) {
        return output
                .doOnSubscribe(s -> outcomes.put(id, ExecutionStatus.RUNNING))
                .doOnComplete(() -> outcomes.put(id, ExecutionStatus.SUCCEEDED))
                .doOnError(e -> outcomes.put(id, e instanceof ExecutionCancelledException
                        ? ExecutionStatus.CANCELLED : ExecutionStatus.FAILED))
                .doFinally(s -> running.computeIfPresent(id, (k, e) -> e.key.equals(key) ? null : e))
                .replay(1000).refCount(1);
    }

    H handle(UUID id) {
        Entry<H> e = running.get(id);
        return e == null ? null : e.handle;
    }

    ExecutionStatus status(UUID id) {
        return running.containsKey(id) ? ExecutionStatus.RUNNING : outcomes.getOrDefault(id, ExecutionStatus.IDLE);
    }

    void cancelled(UUID id) {
        outcomes.put(id, ExecutionStatus.CANCELLED);
    }

    private record Entry<H>(String key, H handle, Flux<OutputLine> output) {
    }
}
