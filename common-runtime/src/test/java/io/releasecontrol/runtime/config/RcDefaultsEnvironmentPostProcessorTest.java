package io.releasecontrol.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

class RcDefaultsEnvironmentPostProcessorTest {

    private final RcDefaultsEnvironmentPostProcessor processor = new RcDefaultsEnvironmentPostProcessor();

    private MockEnvironment serviceEnvironment() {
        return new MockEnvironment()
                .withProperty("spring.application.name", "version-service")
                .withProperty("rc.postgres.schema", "version_service")
                .withProperty("RC_POSTGRES_URL", "postgresql://u:p@db:6543/rc")
                .withProperty("RC_KAFKA_BOOTSTRAP", "kafka-1:9092,kafka-2:9092")
                .withProperty("RC_IDENTITY_SECRET", "0123456789abcdef-secret");
    }

    private MockEnvironment processed(MockEnvironment env) {
        processor.postProcessEnvironment(env, null);
        return env;
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            spring.r2dbc.url                | r2dbc:postgresql://db:6543/rc?schema=version_service
            spring.r2dbc.username           | u
            spring.r2dbc.password           | p
            spring.flyway.url               | jdbc:postgresql://db:6543/rc
            spring.flyway.user              | u
            spring.flyway.password          | p
            spring.flyway.schemas           | version_service
            spring.flyway.default-schema    | version_service
            spring.kafka.bootstrap-servers  | kafka-1:9092,kafka-2:9092
            spring.kafka.producer.acks      | all
            spring.kafka.producer.properties.enable.idempotence | true
            spring.kafka.consumer.value-deserializer | org.springframework.kafka.support.serializer.ErrorHandlingDeserializer
            spring.kafka.consumer.properties.spring.deserializer.value.delegate.class | io.releasecontrol.events.serde.EventEnvelopeDeserializer
            spring.kafka.consumer.enable-auto-commit | false
            spring.kafka.consumer.group-id  | version-service
            rc.identity.secret              | 0123456789abcdef-secret
            spring.webflux.problemdetails.enabled | false
            server.error.include-stacktrace | never
            """)
    void derivesInfrastructureFromRcVariables(String property, String expected) {
        assertThat(processed(serviceEnvironment()).getProperty(property)).isEqualTo(expected);
    }

    @Test
    void withoutRcVariablesFallsBackToLocalInfrastructure() {
        var env = processed(new MockEnvironment());

        assertThat(env.getProperty("spring.r2dbc.url")).isEqualTo("r2dbc:postgresql://127.0.0.1:5432/releasecontrol");
        assertThat(env.getProperty("spring.r2dbc.username")).isEqualTo("postgres");
        assertThat(env.getProperty("spring.r2dbc.password")).isNull();
        assertThat(env.getProperty("spring.flyway.schemas")).isNull();
        assertThat(env.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("127.0.0.1:9092");
        assertThat(env.getProperty("spring.kafka.consumer.group-id")).isEqualTo("release-control");
        assertThat(env.getProperty("rc.identity.secret")).isNull();
    }

    @Test
    void rcPostgresUrlPropertyIsUsedWhenVariableIsAbsent() {
        var env = processed(new MockEnvironment().withProperty("rc.postgres.url", "postgres://x@pg:5433/other"));

        assertThat(env.getProperty("spring.flyway.url")).isEqualTo("jdbc:postgresql://pg:5433/other");
    }

    @Test
    void valuesTheServiceSetsItselfWinOverDefaults() {
        var env = serviceEnvironment();
        // e.g. the service's application.yml, loaded before the post-processor runs
        env.getPropertySources().addFirst(new MapPropertySource("application.yml",
                Map.of("spring.kafka.producer.acks", "1", "spring.r2dbc.url", "r2dbc:h2:mem:///test")));

        processed(env);

        assertThat(env.getProperty("spring.kafka.producer.acks")).isEqualTo("1");
        assertThat(env.getProperty("spring.r2dbc.url")).isEqualTo("r2dbc:h2:mem:///test");
        assertThat(env.getPropertySources().stream().reduce((a, b) -> b).orElseThrow().getName())
                .isEqualTo(RcDefaultsEnvironmentPostProcessor.SOURCE_NAME);
    }

    @Test
    void runsAfterConfigDataSoTheSchemaIsVisible() {
        assertThat(processor.getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE);
    }
}
