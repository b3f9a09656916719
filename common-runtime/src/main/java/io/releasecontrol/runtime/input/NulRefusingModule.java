package io.releasecontrol.runtime.input;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Every {@code String} read from a request body, and every {@code String} key of a map-typed field
 * ({@code custom}, {@code labels}, {@code compatibility}, ...), refuses NUL (U+0000): PostgreSQL
 * refuses it in text ({@code invalid byte sequence for encoding "UTF8": 0x00}) and in jsonb
 * ({@code unsupported Unicode escape sequence}), BSON cannot hold it in a key, so one let through
 * became a 500 wherever it was stored. One guard for every field, list element, map key and map
 * value of every body, instead of a check per field.
 *
 * <p>The other C0 control characters (U+0001–U+001F) are kept: PostgreSQL and MongoDB store them,
 * and a tab or a newline in a description is ordinary text.
 */
public class NulRefusingModule extends SimpleModule {

    public NulRefusingModule() {
        super("rc-nul-refusing");
        addDeserializer(String.class, new NulRefusingStringDeserializer());
        addKeyDeserializer(String.class, new NulRefusingKeyDeserializer());
        // the keys of an untyped map (Map<?, ?>), which Jackson reads as strings too
        addKeyDeserializer(Object.class, new NulRefusingKeyDeserializer());
    }

    /** Jackson's own string deserializer (with its coercions), then the check. */
    static final class NulRefusingStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                throw new NulCharacterException(p, NulCharacterException.REASON);
            }
            return value;
        }
    }

    /**
     * Keys are not read by the string deserializer: a map with {@code String} (or untyped) keys asks
     * this one. Maps nested in an untyped value ({@code Object}) are read without key deserializers;
     * no request body has one.
     * (Registering one at all also turns off Jackson's shortcut that skips key deserializers for
     * {@code String} keys.)
     */
    static final class NulRefusingKeyDeserializer extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) {
            if (key != null && key.indexOf('\0') >= 0) {
                throw new NulCharacterException(ctxt.getParser(), NulCharacterException.KEY_REASON);
            }
            return key;
        }
    }
}
