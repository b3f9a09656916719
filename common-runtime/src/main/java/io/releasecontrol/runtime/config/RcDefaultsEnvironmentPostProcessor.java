package io.releasecontrol.runtime.config;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The defaults every Release Control service shares, added with the lowest precedence so a
 * service's {@code application.yml}, a system property or an environment variable always wins.
 * Infrastructure comes from {@code RC_*} variables: Kafka from {@code RC_KAFKA_BOOTSTRAP},
 * PostgreSQL from {@code RC_POSTGRES_URL} (each service in its own schema, {@code rc.postgres.schema}),
 * the identity secret from {@code RC_IDENTITY_SECRET}.
 */
public class RcDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "releaseControlDefaults";
    /** Consumer session timeout in ms ({@code RC_KAFKA_SESSION_TIMEOUT_MS}, 10000). */
    public static final String SESSION_TIMEOUT = "spring.kafka.consumer.properties.session.timeout.ms";
    /** Consumer heartbeat interval in ms ({@code RC_KAFKA_HEARTBEAT_INTERVAL_MS}, 3000). */
    public static final String HEARTBEAT_INTERVAL = "spring.kafka.consumer.properties.heartbeat.interval.ms";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Map<String, Object> d = new HashMap<>();

        // Kafka: idempotent producer, acks=all; consumers commit only what they processed.
        d.put("spring.kafka.bootstrap-servers", env.getProperty("RC_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
        d.put("spring.kafka.producer.acks", "all");
        d.put("spring.kafka.producer.properties.enable.idempotence", "true");
        d.put("spring.kafka.producer.properties.max.in.flight.requests.per.connection", "5");
        // events leave through the outbox relay, which sends a batch and waits for its acks: the
        // client's default 5 ms linger would only add 5 ms to every hop (batches still form under load)
        d.put("spring.kafka.producer.properties.linger.ms", "0");
        d.put("spring.kafka.producer.properties.delivery.timeout.ms", "30000");
        d.put("spring.kafka.producer.properties.request.timeout.ms", "10000");
        d.put("spring.kafka.producer.properties.max.block.ms", "10000");
        d.put("spring.kafka.producer.key-serializer", "org.apache.kafka.common.serialization.StringSerializer");
        d.put("spring.kafka.producer.value-serializer", "io.releasecontrol.events.serde.EventEnvelopeSerializer");
        d.put("spring.kafka.consumer.key-deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        // a message that cannot be read becomes a DeserializationException that the error handler
        // sends to the dead-letter topic, instead of failing the poll forever
        d.put("spring.kafka.consumer.value-deserializer",
                "org.springframework.kafka.support.serializer.ErrorHandlingDeserializer");
        d.put("spring.kafka.consumer.properties.spring.deserializer.value.delegate.class",
                "io.releasecontrol.events.serde.EventEnvelopeDeserializer");
        d.put("spring.kafka.consumer.auto-offset-reset", "earliest");
        d.put("spring.kafka.consumer.enable-auto-commit", "false");
        d.put("spring.kafka.consumer.isolation-level", "read_committed");
        d.put("spring.kafka.consumer.group-id", env.getProperty("spring.application.name", "release-control"));
        d.put("spring.kafka.listener.ack-mode", "record");
        // a member that dies without leaving (kill -9) holds its partitions until the broker misses
        // its heartbeats for the session timeout: 10 s instead of the client's 45 s (docs/operations.md
        // has the measured figures); heartbeats every 3 s, so two may be missed before it counts
        d.put(SESSION_TIMEOUT, env.getProperty("RC_KAFKA_SESSION_TIMEOUT_MS", "10000"));
        d.put(HEARTBEAT_INTERVAL, env.getProperty("RC_KAFKA_HEARTBEAT_INTERVAL_MS", "3000"));
        // trace context travels in Kafka headers, like it does in HTTP headers
        d.put("spring.kafka.template.observation-enabled", "true");
        d.put("spring.kafka.listener.observation-enabled", "true");

        // PostgreSQL (only used by services that bring R2DBC / Flyway)
        PostgresUrl pg = PostgresUrl.parse(env.getProperty("RC_POSTGRES_URL",
                env.getProperty("rc.postgres.url", PostgresUrl.DEFAULT)));
        String schema = env.getProperty("rc.postgres.schema");
        d.put("spring.r2dbc.url", pg.r2dbcUrl(schema));
        d.put("spring.r2dbc.username", pg.user());
        if (pg.password() != null) {
            d.put("spring.r2dbc.password", pg.password());
            d.put("spring.flyway.password", pg.password());
        }
        d.put("spring.flyway.url", pg.jdbcUrl());
        d.put("spring.flyway.user", pg.user());
        if (schema != null) {
            d.put("spring.flyway.schemas", schema);
            d.put("spring.flyway.default-schema", schema);
        }

        // identity header secret shared by the gateway and the services
        String secret = env.getProperty("RC_IDENTITY_SECRET");
        if (secret != null) {
            d.put("rc.identity.secret", secret);
        }

        // Observability: probes, Prometheus, traces sampled fully unless told otherwise.
        d.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        d.put("management.endpoint.health.probes.enabled", "true");
        d.put("management.endpoint.health.show-details", "always");
        d.put("management.tracing.sampling.probability", "1.0");
        // our ProblemWebExceptionHandler renders every error; Boot's advice would answer type about:blank
        d.put("spring.webflux.problemdetails.enabled", "false");
        d.put("spring.reactor.context-propagation", "auto");
        d.put("spring.jackson.default-property-inclusion", "non_null");
        d.put("server.error.include-stacktrace", "never");
        d.put("server.shutdown", "graceful");
        d.put("logging.pattern.correlation", "[%X{traceId:-},%X{correlationId:-}] ");

        env.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, d));
    }

    @Override
    public int getOrder() {
        // after config data (application.yml) has been loaded, so rc.postgres.schema is visible
        return Ordered.LOWEST_PRECEDENCE;
    }
}
