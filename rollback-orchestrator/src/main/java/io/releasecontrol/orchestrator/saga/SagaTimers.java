package io.releasecontrol.orchestrator.saga;

import io.releasecontrol.orchestrator.OrchestratorProperties;
import io.releasecontrol.runtime.jobs.PeriodicJob;
import java.time.Duration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The durable timers: deadlines live in the saga rows (observation end, step timeouts), and this
 * loop fires the due ones every {@code timerPoll}. Nothing is kept in memory, so a restarted
 * instance simply finds what fell due while it was down; with several instances the row locks
 * (SKIP LOCKED) give each due saga one owner.
 */
@Component
class SagaTimers extends PeriodicJob {

    private final SagaService sagas;
    private final int batch;

    SagaTimers(SagaService sagas, OrchestratorProperties props) {
        super(Schedule.every("saga timers", Duration.ZERO, props.timerPoll()).on(Schedulers.boundedElastic()));
        this.sagas = sagas;
        this.batch = props.timerBatch();
    }

    @Override
    protected Mono<Integer> round() {
        return sagas.fireDue(batch);
    }
}
