package io.releasecontrol.runtime.input;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string or object key held a NUL (U+0000), which PostgreSQL cannot store in text (nor in
 * jsonb) and MongoDB not in a key. A Jackson input exception, so the codecs report it like
 * any unreadable body; Jackson adds the path of the field on its way out, and the problem handler
 * names that field with {@link #reason()}.
 */
public class NulCharacterException extends MismatchedInputException {

    public static final String REASON = "must not contain the NUL character (U+0000)";
    /** For a key: the path ends at the map holding it, since the key itself is what cannot be shown. */
    public static final String KEY_REASON = "keys must not contain the NUL character (U+0000)";

    private final String reason;

    NulCharacterException(JsonParser parser, String reason) {
        super(parser, reason, String.class);
        this.reason = reason;
    }

    /** {@link #REASON} for a string value, {@link #KEY_REASON} for a map key. */
    public String reason() {
        return reason;
    }

    /** The JSON path of the offending string, e.g. {@code steps[1].name}; {@code body} for a bare string. */
    public String field() {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
