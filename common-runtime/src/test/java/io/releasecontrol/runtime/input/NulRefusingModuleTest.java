package io.releasecontrol.runtime.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class NulRefusingModuleTest {

    private static final JsonMapper JSON = JsonMapper.builder().addModule(new NulRefusingModule()).build();

    record Step(String name, int weight) {
    }

    record Request(String name, String description, List<Step> steps, List<String> tags, Map<String, String> labels) {
    }

    private static String fieldOf(String json) {
        var error = new NulCharacterException[1];
        assertThatThrownBy(() -> JSON.readValue(json, Request.class)).isInstanceOfSatisfying(NulCharacterException.class,
                e -> error[0] = e);
        return error[0].field();
    }

    @Test
    void nulInAFieldNamesThatField() {
        assertThat(fieldOf("{\"name\":\"x1\",\"description\":\"a\\u0000b\"}")).isEqualTo("description");
    }

    @Test
    void nulDeepInsideNamesItsPath() {
        // nested records, list elements and map values share the one guard
        assertThat(fieldOf("{\"steps\":[{\"name\":\"ok\",\"weight\":1},{\"name\":\"\\u0000\",\"weight\":2}]}")).isEqualTo("steps[1].name");
        assertThat(fieldOf("{\"tags\":[\"a\",\"b\\u0000\"]}")).isEqualTo("tags[1]");
        assertThat(fieldOf("{\"labels\":{\"team\":\"\\u0000\"}}")).isEqualTo("labels.team");
    }

    @Test
    void aBareStringIsTheBody() {
        assertThatThrownBy(() -> JSON.readValue("\"a\\u0000\"", String.class))
                .isInstanceOfSatisfying(NulCharacterException.class, e -> assertThat(e.field()).isEqualTo("body"));
    }

    @Test
    void otherControlCharactersAndUnicodeAreKept() {
        // only NUL cannot be stored; a newline or a tab in a description is ordinary text
        var r = JSON.readValue("{\"description\":\"line\\nnext\\ttab \\u00e9\\ud83d\\ude80\",\"steps\":[{\"name\":\"s\",\"weight\":5}]}",
                Request.class);
        assertThat(r.description()).isEqualTo("line\nnext\ttab é🚀");
        assertThat(r.steps()).containsExactly(new Step("s", 5));
    }
}
