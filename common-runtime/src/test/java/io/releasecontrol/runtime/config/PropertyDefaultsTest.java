package io.releasecontrol.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class PropertyDefaultsTest {

    record Sample(@DefaultValue("auto") String store, @DefaultValue({"a", "b"}) List<String> names,
            @DefaultValue("PT5S") Duration timeout, @DefaultValue Nested nested) {

        Sample {
            store = PropertyDefaults.ifBlank(store, Sample.class, Sample::store);
            names = PropertyDefaults.ifEmpty(names, Sample.class, Sample::names);
        }
    }

    record Nested(@DefaultValue("3") Integer attempts) {
    }

    private static Sample bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("sample", Sample.class);
    }

    @Test
    void givesEveryComponentItsDefaultNestedRecordsIncluded() {
        assertThat(PropertyDefaults.of(Sample.class))
                .isEqualTo(new Sample("auto", List.of("a", "b"), Duration.ofSeconds(5), new Nested(3)));
    }

    @Test
    void anEmptyStringOrListMeansTheDefaultLikeAnUnsetVariable() {
        // what ${RC_X:} gives when RC_X is unset; a Duration or a number binds it as unset by itself
        assertThat(bind(Map.of("sample.store", "", "sample.names", "", "sample.timeout", "")))
                .isEqualTo(PropertyDefaults.of(Sample.class));
        assertThat(bind(Map.of("sample.store", " ")).store()).isEqualTo("auto");
    }

    @Test
    void aValueSetWins() {
        assertThat(bind(Map.of("sample.store", "memory", "sample.names", "c", "sample.nested.attempts", "5")))
                .isEqualTo(new Sample("memory", List.of("c"), Duration.ofSeconds(5), new Nested(5)));
    }
}
