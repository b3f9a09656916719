package io.releasecontrol.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.releasecontrol.events.EventFixtures;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.metric.MetricSampleEvent;
import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import io.releasecontrol.runtime.testsupport.ServiceValidator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.kafka.support.Acknowledgment;

/** Every kind of MetricSampleEvent has its branch in SampleListener; none is sent to the dead letters as unknown. */
class SampleDispatchTest {

    private static final MetricsProperties PROPERTIES = MetricsProperties.defaults();

    static Stream<String> sampleTypes() {
        return EventFixtures.typesOf(MetricSampleEvent.class);
    }

    @Test
    void theFixturesHoldEveryPermittedMetricSampleEvent() {
        EventFixtures.assertFixtureForEveryLeaf(MetricSampleEvent.class);
    }

    // ingest answers at once: only which branch the sample takes matters here (an unknown one ends the batch)
    @ParameterizedTest
    @MethodSource("sampleTypes")
    void onSamplesHasABranchFor(String type) throws Exception {
        IngestService ingest = mock(IngestService.class);
        when(ingest.published(any())).thenReturn(CompletableFuture.completedFuture(null));
        when(ingest.store(any())).thenReturn(CompletableFuture.completedFuture(null));
        var record = EventFixtures.record(Topics.METRIC_SAMPLES, type);

        Throwable thrown = catchThrowable(() -> new SampleListener(ingest, PROPERTIES, new io.releasecontrol.metrics.ownership.PartitionOwnership(
                mock(io.releasecontrol.metrics.evaluation.Evaluator.class),
                mock(io.releasecontrol.metrics.ownership.PartitionOwners.class), java.time.Duration.ofMinutes(5),
                java.time.Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                ServiceValidator.get())
                .onSamples(List.of(record), mock(Acknowledgment.class),
                        mock(org.apache.kafka.clients.consumer.Consumer.class)));

        assertThat(thrown != null && thrown.getCause() instanceof UnhandledSubtypeException)
                .as("%s took the unknown branch", type).isFalse();
    }
}
