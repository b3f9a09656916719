package io.releasecontrol.runtime.input;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string held a NUL (U+0000), which PostgreSQL cannot store in text. A Jackson input
 * exception, so the codecs report it like any unreadable body; Jackson adds the path of the field
 * on its way out, and the problem handler names that field.
 */
public class NulCharacterException extends MismatchedInputException {

    public static final String REASON = "must not contain the NUL character (U+0000)";

    NulCharacterException(JsonParser parser) {
        super(parser, REASON, String.class);
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
