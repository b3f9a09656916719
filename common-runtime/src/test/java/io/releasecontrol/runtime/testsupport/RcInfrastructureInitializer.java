package io.releasecontrol.runtime.testsupport;

import io.releasecontrol.runtime.config.PostgresUrl;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Points a Spring test context at the shared real infrastructure: the module's Kafka broker, its
 * fresh PostgreSQL database (in the service's own schema, {@code rc.postgres.schema}), and the
 * MongoDB-wire server when the service uses MongoDB. Also sets a test identity secret.
 */
public class RcInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The identity secret test contexts share, so tests can sign headers with it. */
    public static final String TEST_IDENTITY_SECRET = "test-identity-secret-0123456789";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var env = context.getEnvironment();
        ClassLoader cl = context.getClassLoader();
        Map<String, Object> p = new HashMap<>();
        if (ClassUtils.isPresent("org.springframework.kafka.core.KafkaTemplate", cl)) {
            p.put("spring.kafka.bootstrap-servers", SharedKafka.bootstrapServers());
        }
        if (ClassUtils.isPresent("io.r2dbc.postgresql.PostgresqlConnectionFactory", cl)) {
            PostgresUrl db = SharedPostgres.database();
            String schema = env.getProperty("rc.postgres.schema");
            p.put("spring.r2dbc.url", db.r2dbcUrl(schema));
            p.put("spring.r2dbc.username", db.user());
            p.put("spring.flyway.url", db.jdbcUrl());
            p.put("spring.flyway.user", db.user());
            if (db.password() != null) {
                p.put("spring.r2dbc.password", db.password());
                p.put("spring.flyway.password", db.password());
            }
        }
        if (ClassUtils.isPresent("com.mongodb.reactivestreams.client.MongoClient", cl)) {
            p.put("spring.mongodb.uri", SharedMongo.uri());
        }
        p.put("rc.identity.secret", TEST_IDENTITY_SECRET);
        env.getPropertySources().addFirst(new MapPropertySource("rcTestInfrastructure", p));
    }
}
