package io.releasecontrol.orchestrator.saga;

import io.releasecontrol.orchestrator.OrchestratorProperties;
import io.releasecontrol.orchestrator.PollingLoop;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The durable timers: deadlines live in the saga rows (observation end, step timeouts), and this
 * loop fires the due ones every {@code timerPoll}. Nothing is kept in memory, so a restarted
 * instance simply finds what fell due while it was down; with several instances the row locks
 * (SKIP LOCKED) give each due saga one owner.
 */
@Component
class SagaTimers extends PollingLoop {

    private final SagaService sagas;
    private final int batch;

    SagaTimers(SagaService sagas, OrchestratorProperties props) {
        super(props.timerPoll());
        this.sagas = sagas;
        this.batch = props.timerBatch();
    }

    @Override
    protected Mono<Integer> round() {
        return sagas.fireDue(batch);
    }
}
