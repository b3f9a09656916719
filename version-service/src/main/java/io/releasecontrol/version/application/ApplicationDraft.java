package io.releasecontrol.version.application;

import static io.releasecontrol.runtime.validation.FieldMessages.REQUIRED;
import static io.releasecontrol.runtime.validation.FieldMessages.TOO_LONG;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * An application as it is about to be stored — the body with the configured environments when it names
 * none, or a {@code PATCH} merged with what is stored — and its constraints. Checked instead of the body
 * because a body may leave out what the draft needs; so the body's schema does not claim it is required.
 */
record ApplicationDraft(
        @NotBlank(message = REQUIRED) @Size(max = 63, message = TOO_LONG) @Pattern(regexp = NAME, message = MUST_MATCH) String name,
        @Size(max = 2000, message = TOO_LONG) String description,
        @Size(max = 200, message = TOO_LONG) String owner,
        @NotEmpty(message = "must not be empty") @Size(max = 20, message = "at most {max}")
        List<@NotNull(message = MUST_MATCH_NAME) @Pattern(regexp = NAME, message = MUST_MATCH) String> environments) {

    /** DESIGN §10: application names. Environments follow the same rule. */
    static final String NAME = "^[a-z0-9][a-z0-9-]{1,62}$";
    private static final String MUST_MATCH = "must match {regexp}";
    // a missing name has no {regexp} to show: the same words with the braces of NAME escaped
    static final String MUST_MATCH_NAME = "must match ^[a-z0-9][a-z0-9-]\\{1,62\\}$";
}
