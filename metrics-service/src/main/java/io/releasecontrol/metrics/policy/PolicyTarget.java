package io.releasecontrol.metrics.policy;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The target a policy is for, from the path and {@code ?environment=}: the application's name, like a
 * registered application's, and the environment's (absent for the application-wide policy).
 */
record PolicyTarget(
        @NotNull(message = MUST_MATCH_APPLICATION) @Pattern(regexp = APPLICATION, message = MUST_MATCH) String application,
        @Pattern(regexp = ENVIRONMENT, message = MUST_MATCH) String environment) {

    static final String APPLICATION = "^[a-z0-9][a-z0-9-]{1,62}$";
    static final String ENVIRONMENT = "^[a-z0-9][a-z0-9-]{0,62}$";
    private static final String MUST_MATCH = "must match {regexp}";
    // a missing name has no {regexp} to show: the same words with the braces of APPLICATION escaped
    private static final String MUST_MATCH_APPLICATION = "must match ^[a-z0-9][a-z0-9-]\\{1,62\\}$";
}
