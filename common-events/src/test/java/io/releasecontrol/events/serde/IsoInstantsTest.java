package io.releasecontrol.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-02T06:21:00Z", "2026-12-02T06:21:00.1Z", "2026-12-02T06:21:00.12Z",
            "2026-12-02T06:21:00.123Z", "2026-12-02T06:21:00.123456Z", "2026-12-02T06:21:00.123456789Z",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2024-02-29T12:00:00Z", "2000-02-29T00:00:00Z", "2026-12-31T23:59:59.000000001Z"})
    void theUtcFormReadsAsInstantParseReadsIt(String text) {
        assertThat(IsoInstants.parseUtcOrNull(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-02T06:21:00+02:00", "2026-12-02T06:21:00.5+00:00", "2026-12-02T23:59:60Z",
            "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
            "2026-04-31T00:00:00Z", "2026-12-02T24:00:00Z", "2026-12-02T06:60:00Z", "2026-12-02 06:21:00Z",
            "2026-12-02T06:21:00.Z", "2026-12-02T06:21:00.1234567890Z", "2026-12-02T06:21Z", "+12026-12-02T06:21:00Z",
            "2026-1a-02T06:21:00Z", "2026-12-02T06:21:00z", ""})
    void anythingElseIsLeftToTheStandardParser(String text) {
        assertThat(IsoInstants.parseUtcOrNull(text)).isNull();
    }

    @Test
    void randomInstantsRoundTrip() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(IsoInstants.parseUtcOrNull(instant.toString())).as(instant.toString()).isEqualTo(instant);
        }
    }

    @Test
    void eventDataAndTheEnvelopeTimeReadEveryFormTheyDidBefore() {
        String json = """
                {"specversion":"1.0","id":"e-1","source":"/test","type":"io.releasecontrol.metric.sample-recorded.v1",
                 "time":"2026-12-02T08:21:00.5+02:00","subject":"shop:prod","datacontenttype":"application/json",
                 "data":{"application":"shop","environment":"prod","version":"1.0.0","instance":"i1",
                 "time":"2026-12-02T06:21:00.25Z","requests":10}}""";
        var envelope = EventCodec.fromJson(json);
        assertThat(envelope.time()).isEqualTo(Instant.parse("2026-12-02T06:21:00.5Z"));
        assertThat(((MetricSampleRecorded) envelope.data()).time()).isEqualTo(Instant.parse("2026-12-02T06:21:00.25Z"));
        String offset = json.replace("\"time\":\"2026-12-02T06:21:00.25Z\"", "\"time\":\"2026-12-02T07:21:00.25+01:00\"");
        assertThat(((MetricSampleRecorded) EventCodec.fromJson(offset).data()).time())
                .isEqualTo(Instant.parse("2026-12-02T06:21:00.25Z"));
        String bad = json.replace("\"time\":\"2026-12-02T06:21:00.25Z\"", "\"time\":\"2026-02-30T06:21:00Z\"");
        assertThatThrownBy(() -> EventCodec.fromJson(bad)).isInstanceOf(io.releasecontrol.events.EventFormatException.class);
    }
}
