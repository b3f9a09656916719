package io.releasecontrol.orchestrator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.releasecontrol.events.EventFixtures;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.version.VersionEvent;
import io.releasecontrol.orchestrator.target.LastGoodCache;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

/** Every kind of VersionEvent is handled or named as ignored by VersionListener; none is unknown. */
class VersionDispatchTest {

    static Stream<String> versionTypes() {
        return EventFixtures.typesOf(VersionEvent.class);
    }

    @Test
    void theFixturesHoldEveryPermittedVersionEvent() {
        EventFixtures.assertFixtureForEveryLeaf(VersionEvent.class);
    }

    // the cache answers nothing: only which branch the event takes matters here
    @ParameterizedTest
    @MethodSource("versionTypes")
    void onHandlesOrIgnores(String type) {
        ProcessedEvents processed = mock(ProcessedEvents.class);
        LastGoodCache cache = mock(LastGoodCache.class);
        when(processed.processOnce(any(), any(), any(), any())).thenReturn(Mono.just(true));
        when(cache.facts(any(), any(), anyBoolean(), anyBoolean())).thenReturn(Mono.empty());
        when(cache.good(any(), any(), any(), any())).thenReturn(Mono.empty());
        when(cache.bad(any(), any(), any(), any())).thenReturn(Mono.empty());
        var record = EventFixtures.record(Topics.VERSIONS, type);

        Throwable thrown = catchThrowable(() -> new VersionListener(processed, cache).on(record));

        assertThat(thrown instanceof UnhandledSubtypeException).as("%s took the unknown branch", type).isFalse();
    }
}
