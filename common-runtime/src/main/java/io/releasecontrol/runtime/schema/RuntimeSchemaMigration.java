package io.releasecontrol.runtime.schema;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Runs the service's own migrations, then the shared runtime's ({@code db/rc-runtime}: outbox,
 * processed events) in the same schema with their own history table, so the two version lines
 * never collide and a new runtime migration never needs out-of-order mode.
 */
public class RuntimeSchemaMigration implements FlywayMigrationStrategy {

    static final String HISTORY_TABLE = "rc_runtime_schema_history";
    private static final Logger log = LoggerFactory.getLogger(RuntimeSchemaMigration.class);

    @Override
    public void migrate(Flyway serviceFlyway) {
        serviceFlyway.migrate();
        var conf = serviceFlyway.getConfiguration();
        var result = Flyway.configure()
                .dataSource(conf.getDataSource())
                .schemas(conf.getSchemas())
                .defaultSchema(conf.getDefaultSchema())
                .table(HISTORY_TABLE)
                .locations("classpath:db/rc-runtime")
                // the schema already holds the service's tables: start the runtime history at 0
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info("runtime schema migrated to {} in schema {}", result.targetSchemaVersion,
                    String.join(",", conf.getSchemas()));
        }
    }
}
