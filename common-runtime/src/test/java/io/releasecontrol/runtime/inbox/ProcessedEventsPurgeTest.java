package io.releasecontrol.runtime.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessedEventsPurgeTest {

    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @CsvSource(textBlock = """
            # nominal, random unit, wait
            PT1H,      0.0,         PT54M
            PT1H,      0.5,         PT1H
            PT1H,      0.999,       PT1H5M59.280S
            PT5M,      0.25,        PT4M45S
            """)
    void spreadsEachWaitTenPercentEitherSide(Duration nominal, double unit, Duration expected) {
        assertThat(ProcessedEventsPurge.jittered(nominal, unit)).isEqualTo(expected);
    }
}
