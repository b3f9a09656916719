package io.releasecontrol.runtime.validation;

/** The words of field errors that every request check shares, so a client reads one vocabulary. */
public final class FieldMessages {

    /** For {@code @NotBlank} and {@code @NotNull} of a required value. */
    public static final String REQUIRED = "is required";
    /** For {@code @Size(max = ...)} of a text. */
    public static final String TOO_LONG = "must be at most {max} characters";
    /** For {@code @NotNull} on the elements of a list. */
    public static final String NOT_NULL = "must not be null";

    private FieldMessages() {
    }
}
