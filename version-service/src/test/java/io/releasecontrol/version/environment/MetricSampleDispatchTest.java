package io.releasecontrol.version.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.releasecontrol.events.EventFixtures;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.metric.MetricSampleEvent;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

/** Every kind of MetricSampleEvent has its branch in MetricSampleListener; none is unknown. */
class MetricSampleDispatchTest {

    static Stream<String> sampleTypes() {
        return EventFixtures.typesOf(MetricSampleEvent.class);
    }

    @Test
    void theFixturesHoldEveryPermittedMetricSampleEvent() {
        EventFixtures.assertFixtureForEveryLeaf(MetricSampleEvent.class);
    }

    // drift detection answers nothing: only which branch the sample takes matters here
    @ParameterizedTest
    @MethodSource("sampleTypes")
    void onHasABranchFor(String type) {
        Observations observations = mock(Observations.class);
        when(observations.sample(any(), any())).thenReturn(Mono.empty());
        var record = EventFixtures.record(Topics.METRIC_SAMPLES, type);

        Throwable thrown = catchThrowable(() -> new MetricSampleListener(observations).on(List.of(record)));

        // the batch listener reports an unreadable record as the batch failing at its index, with the reason as cause
        Throwable reason = thrown == null ? null : thrown.getCause();
        assertThat(reason instanceof UnhandledSubtypeException).as("%s took the unknown branch", type).isFalse();
    }
}
