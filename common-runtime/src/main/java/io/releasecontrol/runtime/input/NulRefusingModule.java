package io.releasecontrol.runtime.input;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Every {@code String} read from a request body refuses NUL (U+0000): PostgreSQL refuses it in
 * text ({@code invalid byte sequence for encoding "UTF8": 0x00}), so one let through became a
 * 500 wherever the string was stored. One guard for every field, list element and map value of
 * every body, instead of a check per field.
 */
public class NulRefusingModule extends SimpleModule {

    public NulRefusingModule() {
        super("rc-nul-refusing");
        addDeserializer(String.class, new NulRefusingStringDeserializer());
    }

    /** Jackson's own string deserializer (with its coercions), then the check. */
    static final class NulRefusingStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                throw new NulCharacterException(p);
            }
            return value;
        }
    }
}
