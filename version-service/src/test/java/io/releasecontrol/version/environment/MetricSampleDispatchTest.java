package io.releasecontrol.version.environment;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.metric.MetricSampleEvent;
import io.releasecontrol.runtime.testsupport.EventDispatchContract;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

/**
 * Every kind of MetricSampleEvent has its branch in MetricSampleListener; none is unknown. The batch
 * listener reports an unreadable record as the batch failing at its index, with the reason as cause.
 */
class MetricSampleDispatchTest extends EventDispatchContract {

    MetricSampleDispatchTest() {
        super(MetricSampleEvent.class);
    }

    // drift detection answers nothing: only which branch the sample takes matters here
    @Override
    protected void deliver(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        Observations observations = mock(Observations.class);
        when(observations.sample(any(), any())).thenReturn(Mono.empty());
        new MetricSampleListener(observations).on(List.of(record));
    }
}
