package io.releasecontrol.version.environment;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.deployment.DeploymentEvent;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import io.releasecontrol.runtime.testsupport.EventDispatchContract;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

/** Every kind of DeploymentEvent is handled or named as ignored by DeploymentEventListener; none is unknown. */
class DeploymentEventDispatchTest extends EventDispatchContract {

    DeploymentEventDispatchTest() {
        super(DeploymentEvent.class);
    }

    // the collaborators answer nothing: only which branch the event takes matters here
    @Override
    protected void deliver(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        ProcessedEvents processed = mock(ProcessedEvents.class);
        when(processed.processOnce(any(), any(), any(), any())).thenReturn(Mono.just(true));
        new DeploymentEventListener(processed, mock(DeploymentOutcomes.class)).on(record);
    }
}
