package io.releasecontrol.runtime.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.EventFixtures;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.version.DriftDetected;
import io.releasecontrol.events.version.VersionEvent;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The contract on stand-in listeners of rc.versions: what passes it and what fails it. */
class EventDispatchContractTest {

    private static final String DRIFT = EventFixtures.typesOf(VersionEvent.class)
            .filter(type -> EventFixtures.event(type) instanceof DriftDetected).findFirst().orElseThrow();

    /** A listener that fails on every record with {@code failure}, or handles it when that is null. */
    private static final class Listener extends EventDispatchContract {

        private final Throwable failure;

        Listener(Throwable failure) {
            super(VersionEvent.class);
            this.failure = failure;
        }

        @Override
        protected void deliver(ConsumerRecord<String, EventEnvelope<RcEvent>> record) throws Exception {
            if (failure instanceof Exception e) {
                throw e;
            }
        }
    }

    private static UnhandledSubtypeException unknownBranch() {
        return new UnhandledSubtypeException(VersionEvent.class, EventFixtures.event(DRIFT));
    }

    @Test
    void aListenerThatHandlesTheRecordPasses() {
        assertThatCode(() -> new Listener(null).everyMemberHasABranch(DRIFT)).doesNotThrowAnyException();
    }

    @Test
    void aRecordThatTakesTheUnknownBranchFails() {
        assertThatThrownBy(() -> new Listener(unknownBranch()).everyMemberHasABranch(DRIFT))
                .isInstanceOf(AssertionError.class).hasMessageContaining(DRIFT + " took the unknown branch")
                .hasMessageContaining("no branch for " + DriftDetected.class.getName());
    }

    @Test
    void theUnknownBranchAsTheCauseFailsToo() {
        // as a batch listener reports it: the batch failed at the record's index
        var batchFailed = new IllegalStateException("record 0 of the batch failed", unknownBranch());

        assertThatThrownBy(() -> new Listener(batchFailed).everyMemberHasABranch(DRIFT))
                .isInstanceOf(AssertionError.class).hasMessageContaining(DRIFT + " took the unknown branch");
    }

    @Test
    void anotherFailureOfTheStandInsPasses() {
        // a stand-in collaborator that answers nothing may make a known branch fail further on
        assertThatCode(() -> new Listener(new NullPointerException("no answer")).everyMemberHasABranch(DRIFT))
                .doesNotThrowAnyException();
    }
}
