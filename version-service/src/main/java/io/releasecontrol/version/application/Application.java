package io.releasecontrol.version.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An application and the environments it runs in.
 *
 * @param current the current version per environment (environments where nothing runs are absent)
 * @param drift   per environment whose instances were last seen running another version than the
 *                current one, that observed version (empty when every environment is in step): the
 *                list shows drift without a request per environment
 */
public record Application(String name, String description, String owner, List<String> environments,
        Map<String, String> current, Map<String, String> drift, Instant createdAt, String createdBy) {

    /** An application as stored, before its environments' versions are read. */
    public Application(String name, String description, String owner, List<String> environments,
            Map<String, String> current, Instant createdAt, String createdBy) {
        this(name, description, owner, environments, current, Map.of(), createdAt, createdBy);
    }
}
