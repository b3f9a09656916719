package io.releasecontrol.runtime.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.EventFixtures;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A listener's dispatch over its topic's sealed family, checked: Java 17 does not check an
 * {@code if/instanceof} chain over a sealed interface for exhaustiveness, so a record of every
 * permitted member (common-events' fixtures) is delivered to the listener, and none may reach its
 * {@link UnhandledSubtypeException} branch, thrown or as the cause of what it throws (a batch
 * listener reports a record's failure so). Any other failure passes: the listener's collaborators are
 * stand-ins that answer nothing, and only the branch taken matters.
 *
 * <p>A service's {@code *DispatchTest} extends this, names the family and hands the record to the
 * listener in {@link #deliver}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the members come from this instance's family
public abstract class EventDispatchContract {

    private final Class<? extends RcEvent> family;

    protected EventDispatchContract(Class<? extends RcEvent> family) {
        this.family = family;
    }

    /** Hands the record, as its topic's listener container would, to the listener under test. */
    protected abstract void deliver(ConsumerRecord<String, EventEnvelope<RcEvent>> record) throws Exception;

    /** The CloudEvents types of the family's members; also a {@code @MethodSource} for a test's own folds. */
    protected final Stream<String> memberTypes() {
        return EventFixtures.typesOf(family);
    }

    @Test
    void theFixturesHoldEveryPermittedMember() {
        EventFixtures.assertFixtureForEveryLeaf(family);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memberTypes")
    void everyMemberHasABranch(String type) {
        var record = EventFixtures.record(Topics.topicOf(family).name(), type);

        Throwable thrown = catchThrowable(() -> deliver(record));

        assertThat(unhandled(thrown)).as("%s took the unknown branch", type).isNull();
    }

    private static UnhandledSubtypeException unhandled(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof UnhandledSubtypeException u) {
                return u;
            }
        }
        return null;
    }
}
