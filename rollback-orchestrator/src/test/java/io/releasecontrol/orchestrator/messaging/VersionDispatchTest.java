package io.releasecontrol.orchestrator.messaging;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.version.VersionEvent;
import io.releasecontrol.orchestrator.target.LastGoodCache;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import io.releasecontrol.runtime.testsupport.EventDispatchContract;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

/** Every kind of VersionEvent is handled or named as ignored by VersionListener; none is unknown. */
class VersionDispatchTest extends EventDispatchContract {

    VersionDispatchTest() {
        super(VersionEvent.class);
    }

    // the cache answers nothing: only which branch the event takes matters here
    @Override
    protected void deliver(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        ProcessedEvents processed = mock(ProcessedEvents.class);
        LastGoodCache cache = mock(LastGoodCache.class);
        when(processed.processOnce(any(), any(), any(), any())).thenReturn(Mono.just(true));
        when(cache.facts(any(), any(), anyBoolean(), anyBoolean())).thenReturn(Mono.empty());
        when(cache.good(any(), any(), any(), any())).thenReturn(Mono.empty());
        when(cache.bad(any(), any(), any(), any())).thenReturn(Mono.empty());
        new VersionListener(processed, cache).on(record);
    }
}
