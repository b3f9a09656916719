package io.releasecontrol.version.environment;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.EventFormatException;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.metric.MetricSampleEvent;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Consumes {@code rc.metric-samples} for the version each sample says is running (drift detection).
 * The topic carries every instance's sample every few seconds, and nearly every one repeats what is
 * known: taking each in a database transaction of its own kept this consumer at a few hundred
 * samples a second, far behind the topic. So it reads in batches and, per batch and target:
 * <ul>
 *   <li>consecutive samples of one version count once, as the newest of them: whether a sample
 *       changes the observation depends on its version and on its time being after the last
 *       observation and declaration, so if any of them would, the newest does (the observation's
 *       time is then that of the newest, at most a batch later);</li>
 *   <li>a sample of the version this instance last saw observed for the target, or of a target it
 *       last saw unknown, within {@link ObservedVersions#FRESH}, is skipped without the database:
 *       a change made elsewhere (a declaration, a registration) is seen at most that much later.</li>
 * </ul>
 * The rest go through {@link Observations} as before, up to four targets at a time. Offsets are
 * committed per batch once it is done; a record that cannot be read ends the batch at its index
 * (the samples before it are taken first) and goes to the dead-letter topic.
 */
@Component
@ConditionalOnProperty(name = "rc.versions.drift-from-metrics", havingValue = "true", matchIfMissing = true)
class MetricSampleListener {

    private static final LogAccessor LOG = new LogAccessor(LogFactory.getLog(MetricSampleListener.class));
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Observations observations;
    private final ObservedVersions seen = new ObservedVersions();

    MetricSampleListener(Observations observations) {
        this.observations = observations;
    }

    @KafkaListener(topics = Topics.METRIC_SAMPLES, groupId = "${spring.application.name}",
            containerFactory = DriftSampleConsumerConfiguration.FACTORY)
    void on(List<ConsumerRecord<String, EventEnvelope<RcEvent>>> records) {
        List<Taken> samples = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, EventEnvelope<RcEvent>> record = records.get(i);
            RuntimeException problem = problemOf(record);
            if (problem != null) {
                take(samples);
                throw new BatchListenerFailedException(problem.getMessage(), problem, i);
            }
            if (record.value().data() instanceof MetricSampleRecorded sample) {
                samples.add(new Taken(record.value(), sample));
            }
        }
        take(samples);
    }

    /** A sample with its envelope (the drift event it may cause names the envelope as its cause). */
    record Taken(EventEnvelope<RcEvent> envelope, MetricSampleRecorded sample) {
    }

    private void take(List<Taken> samples) {
        List<List<Taken>> work = new ArrayList<>();
        for (List<Taken> target : byTarget(samples).values()) {
            List<Taken> needed = newestOfEachRun(target).stream().filter(t -> !seen.unchangedBy(t.sample())).toList();
            if (!needed.isEmpty()) {
                work.add(needed);
            }
        }
        if (work.isEmpty()) {
            return;
        }
        Flux.fromIterable(work)
                .flatMap(target -> Flux.fromIterable(target).concatMap(t -> observations.sample(t.envelope(), t.sample())
                        .doOnNext(s -> seen.remember(t.sample(), s))), 4)
                .then().block(TIMEOUT);
    }

    /** The batch's samples per target, in their order. */
    static Map<String, List<Taken>> byTarget(List<Taken> samples) {
        Map<String, List<Taken>> out = new LinkedHashMap<>();
        for (Taken t : samples) {
            out.computeIfAbsent(t.sample().application() + ":" + t.sample().environment(), k -> new ArrayList<>()).add(t);
        }
        return out;
    }

    /** Of each run of consecutive samples with one version, the newest (by sample time). */
    static List<Taken> newestOfEachRun(List<Taken> target) {
        List<Taken> out = new ArrayList<>();
        for (Taken t : target) {
            Taken last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && sameVersion(last.sample(), t.sample())) {
                if (!t.sample().time().isBefore(last.sample().time())) {
                    out.set(out.size() - 1, t);
                }
            } else {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean sameVersion(MetricSampleRecorded a, MetricSampleRecorded b) {
        return a.version() == null ? b.version() == null : a.version().equals(b.version());
    }

    private static RuntimeException problemOf(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        if (record.value() == null) {
            DeserializationException e = SerializationUtils.getExceptionFromHeader(record,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            return e != null ? e : new EventFormatException("message has no value");
        }
        RcEvent event = record.value().data();
        if (event instanceof MetricSampleEvent && !(event instanceof MetricSampleRecorded)) {
            return new UnhandledSubtypeException(MetricSampleEvent.class, event);
        }
        return null;
    }
}
