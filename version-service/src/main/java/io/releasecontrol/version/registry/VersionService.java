package io.releasecontrol.version.registry;

import io.releasecontrol.events.version.FeatureChangeAdded;
import io.releasecontrol.events.version.VersionCreated;
import io.releasecontrol.events.version.VersionReleased;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.outbox.Outbox;
import io.releasecontrol.runtime.problem.InvalidFields;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.version.VersionEvents;
import io.releasecontrol.version.application.ApplicationRepository;
import io.releasecontrol.version.environment.UpgradeLogRepository;
import io.releasecontrol.version.registry.VersionRequests.Change;
import io.releasecontrol.version.registry.VersionRequests.CreateVersion;
import io.releasecontrol.version.semver.SemanticVersion;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Registers versions and their changes; each write and its event commit in one transaction. */
@Service
class VersionService {

    private static final Logger log = LoggerFactory.getLogger(VersionService.class);

    private final VersionRepository versions;
    private final ApplicationRepository applications;
    private final UpgradeLogRepository upgrades;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Validator validator;

    VersionService(VersionRepository versions, ApplicationRepository applications, UpgradeLogRepository upgrades,
            Outbox outbox, TransactionalOperator tx, Validator validator) {
        this.versions = versions;
        this.applications = applications;
        this.upgrades = upgrades;
        this.outbox = outbox;
        this.tx = tx;
        this.validator = validator;
    }

    Mono<Version> create(String app, CreateVersion body, TrustedIdentity who) {
        InvalidFields.throwIfAny(validator.validate(body));
        SemanticVersion v = SemanticVersion.parse(body.version());
        LocalDate releaseDate = body.releaseDate() == null ? null : LocalDate.parse(body.releaseDate());
        Instant commitTime = body.commitTime() == null ? null : Instant.parse(body.commitTime());
        Instant releasedAt = Boolean.TRUE.equals(body.released()) ? Instant.now().truncatedTo(ChronoUnit.MILLIS) : null;
        Mono<Void> write = existingApplication(app)
                .then(versions.samePrecedence(app, v).flatMap(existing -> Mono.error(duplicate(app, v, existing))))
                .then(versions.insert(app, v, body, releaseDate, commitTime, releasedAt, who.subject()))
                .then(children(app, v.toString(), body))
                .then(versions.find(app, v.toString()))
                .flatMap(created -> {
                    int changeCount = body.changes() == null ? 0 : body.changes().size();
                    Mono<Void> events = outbox.append(VersionEvents.of(new VersionCreated(app, created.version(),
                            created.name(), created.releaseDate(), created.breaking(), created.irreversibleMigration(),
                            changeCount)));
                    if (releasedAt != null) {
                        events = events.then(outbox.append(VersionEvents.of(new VersionReleased(app, created.version(),
                                releasedAt))));
                    }
                    return events;
                });
        return tx.transactional(write)
                .onErrorMap(DataIntegrityViolationException.class, e -> duplicate(app, v, v.toString()))
                .doOnSuccess(ignored -> log.info("{} {} registered by {}", app, v, who.subject()))
                .then(Mono.defer(() -> detail(app, v.toString())));
    }

    private Mono<Void> children(String app, String version, CreateVersion body) {
        List<Mono<Void>> writes = new ArrayList<>();
        for (Change c : orEmpty(body.changes())) {
            writes.add(versions.insertChange(app, version, withDefaults(c)).then());
        }
        var migrations = orEmpty(body.migrations());
        for (int i = 0; i < migrations.size(); i++) {
            writes.add(versions.insertMigration(app, version, migrations.get(i), i));
        }
        var dependencies = orEmpty(body.dependencies());
        for (int i = 0; i < dependencies.size(); i++) {
            writes.add(versions.insertDependency(app, version, dependencies.get(i), i));
        }
        var apiChanges = orEmpty(body.apiChanges());
        for (int i = 0; i < apiChanges.size(); i++) {
            writes.add(versions.insertApiChange(app, version, apiChanges.get(i), i));
        }
        if (body.compatibility() != null) {
            body.compatibility().forEach((dep, range) -> writes.add(versions.insertCompatibility(app, version, dep, range)));
        }
        // one connection, one statement at a time
        return Flux.concat(writes).then();
    }

    Mono<Version> addChange(String app, String version, Change body) {
        InvalidFields.throwIfAny(validator.validate(body));
        Change c = withDefaults(body);
        // the event is built once the version is known to exist: built eagerly, an unknown name such as
        // 'a:b' (no target key) failed before the 404 could be answered
        Mono<Void> write = existingVersion(app, version)
                .then(versions.insertChange(app, version, c))
                .then(Mono.defer(() -> outbox.append(VersionEvents.of(new FeatureChangeAdded(app, version, c.type(),
                        c.module(), c.title(), c.priority(), c.impact())))));
        return tx.transactional(write).then(Mono.defer(() -> detail(app, version)));
    }

    Mono<Version> release(String app, String version) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Mono<Void> write = existingVersion(app, version)
                .then(versions.markReleased(app, version, now))
                .flatMap(first -> first ? outbox.append(VersionEvents.of(new VersionReleased(app, version, now)))
                        : Mono.empty());
        return tx.transactional(write).then(Mono.defer(() -> detail(app, version)));
    }

    Mono<Version> detail(String app, String version) {
        return existingVersion(app, version).flatMap(v -> Mono.zip(versions.changes(app, version),
                        versions.migrations(app, version).collectList(), versions.dependencies(app, version),
                        versions.apiChanges(app, version).collectList(), versions.compatibility(app),
                        upgrades.forVersion(app, version).collectList())
                .map(t -> v.withDetails(t.getT1(), t.getT2(), t.getT3(), t.getT4(),
                        t.getT5().getOrDefault(version, Map.of()), t.getT6())));
    }

    Mono<List<Version>> list(String app) {
        return existingApplication(app).then(versions.allNewestFirst(app));
    }

    /** The compatibility matrix: every version (newest first) with the range of each dependency. */
    Mono<CompatibilityMatrix> compatibility(String app) {
        return existingApplication(app).then(Mono.zip(versions.allNewestFirst(app), versions.compatibility(app)))
                .map(t -> CompatibilityMatrix.of(app, t.getT1(), t.getT2()));
    }

    private Mono<Void> existingApplication(String app) {
        return applications.find(app)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("application '" + app + "' is not registered")))
                .then();
    }

    private Mono<Version> existingVersion(String app, String version) {
        return existingApplication(app).then(versions.find(app, version))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("version " + version + " of " + app
                        + " is not registered")));
    }

    private static ProblemException duplicate(String app, SemanticVersion v, String existing) {
        String detail = existing.equals(v.toString()) ? "version " + v + " of " + app + " exists already"
                : "version " + v + " of " + app + " has the same precedence as the registered " + existing
                        + " (build metadata does not make a new version)";
        return ProblemException.conflict(detail, Map.of("application", app, "existingVersion", existing));
    }

    private static Change withDefaults(Change c) {
        return new Change(c.type(), c.title(), c.module(), c.priority() == null ? "medium" : c.priority(),
                c.impact() == null ? "minor" : c.impact(), c.testStatus());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
