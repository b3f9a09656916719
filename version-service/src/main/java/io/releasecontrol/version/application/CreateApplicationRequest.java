package io.releasecontrol.version.application;

import java.util.List;

/** Body of {@code POST /api/v1/applications}; {@code environments} defaults to the configured list. */
public record CreateApplicationRequest(String name, String description, String owner, List<String> environments) {
}
