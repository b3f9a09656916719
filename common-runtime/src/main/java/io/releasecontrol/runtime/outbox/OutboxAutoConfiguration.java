package io.releasecontrol.runtime.outbox;

import io.micrometer.tracing.Tracer;
import io.releasecontrol.runtime.inbox.InboxProperties;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import io.releasecontrol.runtime.inbox.ProcessedEventsPurge;
import io.releasecontrol.runtime.schema.RuntimeSchemaMigration;
import io.r2dbc.spi.ConnectionFactory;
import java.util.HashMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Outbox, relay and idempotent-consumer support for services that have both R2DBC PostgreSQL
 * and Kafka. The runtime tables are migrated after the service's own Flyway migrations.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
        "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"})
@ConditionalOnClass({DatabaseClient.class, KafkaTemplate.class, ConnectionFactory.class})
@ConditionalOnBean({ConnectionFactory.class, ReactiveTransactionManager.class})
@EnableConfigurationProperties({OutboxProperties.class, InboxProperties.class})
public class OutboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DatabaseClient databaseClient(ConnectionFactory connectionFactory) {
        return DatabaseClient.create(connectionFactory);
    }

    @Bean
    @ConditionalOnMissingBean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }

    @Bean
    @ConditionalOnClass(name = "org.flywaydb.core.Flyway")
    @ConditionalOnMissingBean(FlywayMigrationStrategy.class)
    FlywayMigrationStrategy rcRuntimeSchemaMigration() {
        return new RuntimeSchemaMigration();
    }

    /** The relay sends the stored JSON bytes as they are: what was committed is what goes out. */
    @Bean
    KafkaTemplate<String, byte[]> outboxKafkaTemplate(KafkaProperties kafka) {
        var config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + config.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "rc"));
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    /** A {@code MeterBinder}: registered with the service's meter registry by Spring Boot. */
    @Bean
    @ConditionalOnMissingBean
    OutboxBacklog outboxBacklog(DatabaseClient db) {
        return new OutboxBacklog(db);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(DatabaseClient db, TransactionalOperator tx, KafkaTemplate<String, byte[]> outboxKafkaTemplate,
            OutboxProperties props, OutboxBacklog backlog) {
        return new OutboxRelay(db, tx, outboxKafkaTemplate, props, backlog) {
            @Override
            public boolean isAutoStartup() {
                return props.relayEnabled();
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    Outbox outbox(DatabaseClient db, ObjectProvider<Tracer> tracer, ObjectProvider<OutboxRelay> relay) {
        return new Outbox(db, () -> currentTraceparent(tracer.getIfAvailable()),
                () -> relay.ifAvailable(r -> {
                    if (r.isRunning()) {
                        r.wakeUp();
                    }
                }));
    }

    @Bean
    @ConditionalOnMissingBean
    ProcessedEvents processedEvents(DatabaseClient db, TransactionalOperator tx) {
        return new ProcessedEvents(db, tx);
    }

    @Bean
    @ConditionalOnMissingBean
    ProcessedEventsPurge processedEventsPurge(DatabaseClient db, InboxProperties props) {
        return new ProcessedEventsPurge(db, props);
    }

    static String currentTraceparent(Tracer tracer) {
        if (tracer == null || tracer.currentSpan() == null) {
            return null;
        }
        var ctx = tracer.currentSpan().context();
        return "00-" + ctx.traceId() + "-" + ctx.spanId() + "-" + (Boolean.TRUE.equals(ctx.sampled()) ? "01" : "00");
    }
}
