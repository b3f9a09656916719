package io.releasecontrol.deploy.release;

import io.r2dbc.spi.Readable;
import io.releasecontrol.deploy.checklist.EnvironmentChecklists;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Environment policies: the stored one, else the built-in default (development: none; staging:
 * preceded by development; production: preceded by staging, soak, one admin approval).
 */
@Service
class PolicyService implements EnvironmentChecklists {

    private static final Logger log = LoggerFactory.getLogger(PolicyService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatabaseClient db;
    private final ReleaseProperties props;
    private final Validator validator;

    public PolicyService(DatabaseClient db, ReleaseProperties props, Validator validator) {
        this.db = db;
        this.props = props;
        this.validator = validator;
    }

    public Mono<EnvironmentPolicy> get(String environment) {
        return db.sql("SELECT * FROM environment_policies WHERE environment = :env").bind("env", environment)
                .map(this::fromRow).one()
                .defaultIfEmpty(defaults(environment));
    }

    @Override
    public Mono<EnvironmentChecklist> checklistOf(String environment) {
        return get(environment).map(p -> new EnvironmentChecklist(p.checklist(), p.requiredPreceding()));
    }

    /** Validates and stores the whole policy (a PUT replaces it); 400 with every bad field. */
    public Mono<EnvironmentPolicy> put(String environment, PolicyDocument document, String by) {
        return Mono.defer(() -> {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            EnvironmentPolicy policy = PolicyChecks.policy(validator, environment, document, by, at);
            String json = JSON.writeValueAsString(PolicyDocument.of(policy));
            return db.sql("""
                    INSERT INTO environment_policies (environment, policy, updated_by, updated_at)
                    VALUES (:env, :policy, :by, :at)
                    ON CONFLICT (environment) DO UPDATE SET policy = :policy, updated_by = :by, updated_at = :at""")
                    .bind("env", environment).bind("policy", json).bind("by", by).bind("at", at)
                    .then()
                    .doOnSuccess(v -> log.info("policy of environment {} set by {}: {}", environment, by, json))
                    .thenReturn(policy);
        });
    }

    public EnvironmentPolicy defaults(String environment) {
        var all = EnumSet.allOf(Strategy.class);
        Duration timeout = props.approvalTimeout();
        return switch (environment) {
            case "staging" -> new EnvironmentPolicy(environment, "development", Duration.ZERO, 0,
                    TrustedIdentity.ADMIN, timeout, all, List.of(), null, null, null);
            case "production" -> new EnvironmentPolicy(environment, "staging", props.productionSoak(), 1,
                    TrustedIdentity.ADMIN, timeout, all, List.of(), null, null, null);
            default -> new EnvironmentPolicy(environment, null, Duration.ZERO, 0, TrustedIdentity.ADMIN, timeout, all,
                    List.of(), null, null, null);
        };
    }

    private EnvironmentPolicy fromRow(Readable row) {
        PolicyDocument doc = JSON.readValue(row.get("policy", String.class), PolicyDocument.class);
        return PolicyChecks.policy(validator, row.get("environment", String.class), doc,
                row.get("updated_by", String.class), row.get("updated_at", Instant.class));
    }
}
