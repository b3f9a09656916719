package io.releasecontrol.runtime.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

class NulRefusingModuleTest {

    private static final JsonMapper JSON = JsonMapper.builder().addModule(new NulRefusingModule()).build();

    record Step(String name, int weight) {
    }

    record Request(String name, String description, List<Step> steps, List<String> tags, Map<String, String> labels,
            Map<String, Double> custom, Map<String, Object> options, List<Map<String, String>> alerts) {
    }

    private static NulCharacterException refused(String json) {
        var error = new NulCharacterException[1];
        assertThatThrownBy(() -> JSON.readValue(json, Request.class)).isInstanceOfSatisfying(NulCharacterException.class,
                e -> error[0] = e);
        return error[0];
    }

    // every place a string can stand in a body, with the field the answer names and its reason;
    // a key's path ends at its map: the key itself is what cannot be shown
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"name":"x1","description":"a\\u0000b"}                                   | description   | must not contain
            {"steps":[{"name":"ok","weight":1},{"name":"\\u0000","weight":2}]}        | steps[1].name | must not contain
            {"tags":["a","b\\u0000"]}                                                 | tags[1]       | must not contain
            {"labels":{"team":"\\u0000"}}                                             | labels.team   | must not contain
            {"labels":{"te\\u0000am":"x"}}                                            | labels        | keys must not contain
            {"custom":{"ok":1.0,"\\u0000":2.0}}                                       | custom        | keys must not contain
            {"options":{"a\\u0000":true}}                                             | options       | keys must not contain
            {"options":{"description":"a\\u0000"}}                                    | options.description | must not contain
            {"alerts":[{"job":"x"},{"\\u0000job":"x"}]}                               | alerts[1]     | keys must not contain
            """)
    void nulIsRefusedNamingWhereItWas(String json, String field, String reasonStart) {
        var nul = refused(json);
        assertThat(nul.field()).isEqualTo(field);
        assertThat(nul.reason()).startsWith(reasonStart).endsWith("the NUL character (U+0000)");
    }

    @Test
    void aBareStringIsTheBody() {
        assertThatThrownBy(() -> JSON.readValue("\"a\\u0000\"", String.class))
                .isInstanceOfSatisfying(NulCharacterException.class, e -> assertThat(e.field()).isEqualTo("body"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"java.util.Map", "io.releasecontrol.runtime.input.NulRefusingModuleTest$Labels"})
    void aKeyOfATopLevelMapIsTheBody(Class<?> type) {
        // a raw map has untyped keys, which Jackson reads as strings too
        assertThatThrownBy(() -> JSON.readValue("{\"a\\u0000\":\"x\"}", type))
                .isInstanceOfSatisfying(NulCharacterException.class, e -> {
                    assertThat(e.field()).isEqualTo("body");
                    assertThat(e.reason()).isEqualTo(NulCharacterException.KEY_REASON);
                });
    }

    @SuppressWarnings("serial")
    static class Labels extends java.util.HashMap<String, String> {
    }

    static IntStream otherC0Characters() {
        return IntStream.rangeClosed(0x01, 0x1f);
    }

    // U+0001–U+001F are stored by PostgreSQL (text and jsonb) and MongoDB alike: kept as sent, in
    // values and in keys; only NUL cannot be stored
    @ParameterizedTest(name = "U+{0}")
    @MethodSource("otherC0Characters")
    void otherControlCharactersAreKeptInValuesAndKeys(int c) {
        String escaped = String.format("\\u%04x", c);
        String raw = "a" + (char) c + "b";
        var r = JSON.readValue("{\"description\":\"a" + escaped + "b\",\"labels\":{\"k" + escaped + "\":\"v" + escaped
                + "\"},\"custom\":{\"c" + escaped + "\":1.0}}", Request.class);
        assertThat(r.description()).isEqualTo(raw);
        assertThat(r.labels()).containsExactly(Map.entry("k" + (char) c, "v" + (char) c));
        assertThat(r.custom()).containsOnlyKeys("c" + (char) c);
    }

    @Test
    void unicodeBeyondAsciiIsKept() {
        var r = JSON.readValue("{\"description\":\"line\\nnext\\ttab \\u00e9\\ud83d\\ude80\",\"steps\":[{\"name\":\"s\",\"weight\":5}],"
                + "\"labels\":{\"équipe\":\"ok\"}}", Request.class);
        assertThat(r.description()).isEqualTo("line\nnext\ttab é🚀");
        assertThat(r.steps()).containsExactly(new Step("s", 5));
        assertThat(r.labels()).containsOnlyKeys("équipe");
    }
}
