package io.releasecontrol.version.registry;

import io.releasecontrol.version.registry.VersionRequests.ApiChange;
import io.releasecontrol.version.registry.VersionRequests.Change;
import io.releasecontrol.version.registry.VersionRequests.CreateVersion;
import io.releasecontrol.version.registry.VersionRequests.Dependency;
import io.releasecontrol.version.registry.VersionRequests.Migration;
import io.releasecontrol.version.semver.InvalidVersionException;
import io.releasecontrol.version.semver.SemanticVersion;
import io.releasecontrol.version.web.FieldErrors;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a version body completely before anything is written; every problem is reported at once. */
final class VersionValidation {

    static final Set<String> CHANGE_TYPES = Set.of("feature", "fix", "improvement", "security");
    static final Set<String> PRIORITIES = Set.of("low", "medium", "high", "critical");
    static final Set<String> IMPACTS = Set.of("minor", "major", "breaking");
    static final Set<String> API_KINDS = Set.of("added", "changed", "deprecated", "removed");
    private static final Pattern STORE = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    private static final int MAX_ITEMS = 500;

    private VersionValidation() {
    }

    /** The parsed version, release date and commit time of a valid body. */
    record Valid(SemanticVersion version, LocalDate releaseDate, Instant commitTime) {
    }

    static Valid create(CreateVersion body) {
        var errors = new FieldErrors();
        SemanticVersion version = version(body.version(), "version", errors);
        errors.text(body.name(), "name", 200, false);
        LocalDate releaseDate = null;
        if (body.releaseDate() != null) {
            try {
                releaseDate = LocalDate.parse(body.releaseDate());
            } catch (DateTimeParseException e) {
                errors.add("releaseDate", "must be an ISO-8601 date such as 2026-03-01 (got '" + body.releaseDate() + "')");
            }
        }
        Instant commitTime = null;
        if (body.commitTime() != null) {
            try {
                commitTime = Instant.parse(body.commitTime());
            } catch (DateTimeParseException e) {
                errors.add("commitTime", "must be an ISO-8601 UTC instant such as 2026-03-01T10:15:30Z (got '"
                        + body.commitTime() + "')");
            }
        }
        errors.text(body.gitTag(), "gitTag", 200, false);
        errors.text(body.commit(), "commit", 100, false);
        errors.text(body.image(), "image", 500, false);
        List<Change> changes = orEmpty(body.changes());
        size(changes, "changes", errors);
        for (int i = 0; i < changes.size(); i++) {
            change(changes.get(i), "changes[" + i + "].", errors);
        }
        List<Migration> migrations = orEmpty(body.migrations());
        size(migrations, "migrations", errors);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < migrations.size(); i++) {
            Migration m = migrations.get(i);
            String f = "migrations[" + i + "].";
            if (m == null) {
                errors.add("migrations[" + i + "]", "must not be null");
                continue;
            }
            if (errors.text(m.id(), f + "id", 100, true)) {
                errors.check(ids.add(m.id()), f + "id", "repeats migration id '" + m.id() + "'");
            }
            if (errors.text(m.store(), f + "store", 63, true)) {
                errors.matches(m.store(), STORE, f + "store", "must be a store name such as postgresql, mariadb or mongodb");
            }
            errors.check(m.reversible() != null, f + "reversible", "is required (true or false)");
            errors.text(m.description(), f + "description", 1000, false);
            errors.text(m.downScript(), f + "downScript", 500, false);
        }
        List<Dependency> dependencies = orEmpty(body.dependencies());
        size(dependencies, "dependencies", errors);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < dependencies.size(); i++) {
            Dependency d = dependencies.get(i);
            String f = "dependencies[" + i + "].";
            if (d == null) {
                errors.add("dependencies[" + i + "]", "must not be null");
                continue;
            }
            if (errors.text(d.name(), f + "name", 100, true)) {
                errors.check(names.add(d.name()), f + "name", "repeats dependency '" + d.name() + "'");
            }
            errors.text(d.fromVersion(), f + "fromVersion", 100, false);
            errors.text(d.toVersion(), f + "toVersion", 100, false);
            errors.text(d.reason(), f + "reason", 500, false);
            errors.text(d.impact(), f + "impact", 50, false);
        }
        List<ApiChange> apiChanges = orEmpty(body.apiChanges());
        size(apiChanges, "apiChanges", errors);
        Set<String> endpoints = new HashSet<>();
        for (int i = 0; i < apiChanges.size(); i++) {
            ApiChange a = apiChanges.get(i);
            String f = "apiChanges[" + i + "].";
            if (a == null) {
                errors.add("apiChanges[" + i + "]", "must not be null");
                continue;
            }
            errors.text(a.endpoint(), f + "endpoint", 300, true);
            errors.oneOf(a.kind(), API_KINDS, f + "kind", true);
            errors.text(a.note(), f + "note", 1000, false);
            errors.check(endpoints.add(a.endpoint() + " " + a.kind()), f + "endpoint", "repeats " + a.kind() + " "
                    + a.endpoint());
        }
        Map<String, String> compatibility = body.compatibility() == null ? Map.of() : body.compatibility();
        errors.check(compatibility.size() <= 100, "compatibility", "at most 100 dependencies");
        compatibility.forEach((dep, range) -> {
            errors.matches(dep, STORE, "compatibility." + dep, "dependency names are lower-case words such as postgresql");
            errors.text(range, "compatibility." + dep, 100, true);
        });
        errors.throwIfAny();
        return new Valid(version, releaseDate, commitTime);
    }

    static void change(Change c, FieldErrors errors) {
        change(c, "", errors);
    }

    private static void change(Change c, String prefix, FieldErrors errors) {
        if (c == null) {
            errors.add(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "must not be null");
            return;
        }
        errors.oneOf(c.type(), CHANGE_TYPES, prefix + "type", true);
        errors.text(c.title(), prefix + "title", 300, true);
        errors.text(c.module(), prefix + "module", 100, false);
        errors.oneOf(c.priority(), PRIORITIES, prefix + "priority", false);
        errors.oneOf(c.impact(), IMPACTS, prefix + "impact", false);
        errors.text(c.testStatus(), prefix + "testStatus", 50, false);
    }

    static SemanticVersion version(String text, String field, FieldErrors errors) {
        if (!errors.text(text, field, SemanticVersion.MAX_LENGTH, true)) {
            return null;
        }
        try {
            return SemanticVersion.parse(text);
        } catch (InvalidVersionException e) {
            errors.add(field, e.getMessage());
            return null;
        }
    }

    private static void size(List<?> list, String field, FieldErrors errors) {
        errors.check(list.size() <= MAX_ITEMS, field, "at most " + MAX_ITEMS + " entries");
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
