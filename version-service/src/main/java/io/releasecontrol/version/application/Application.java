package io.releasecontrol.version.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An application and the environments it runs in.
 *
 * @param current the current version per environment (environments where nothing runs are absent)
 */
public record Application(String name, String description, String owner, List<String> environments,
        Map<String, String> current, Instant createdAt, String createdBy) {
}
