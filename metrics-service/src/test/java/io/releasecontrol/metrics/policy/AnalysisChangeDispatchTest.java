package io.releasecontrol.metrics.policy;

import static org.mockito.Mockito.mock;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.analysis.AnalysisEvent;
import io.releasecontrol.metrics.rules.RuleSync;
import io.releasecontrol.runtime.testsupport.EventDispatchContract;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Every kind of AnalysisEvent has its branch in AnalysisChangeListener (a policy or a rule reload); none is unknown. */
class AnalysisChangeDispatchTest extends EventDispatchContract {

    AnalysisChangeDispatchTest() {
        super(AnalysisEvent.class);
    }

    @Override
    protected void deliver(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        new AnalysisChangeListener(mock(AnalysisPolicies.class), mock(RuleSync.class)).on(record);
    }
}
