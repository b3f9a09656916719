package io.releasecontrol.runtime.validation;

import static io.releasecontrol.runtime.validation.IsoDurationTest.describe;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaxItemsTest {

    record Policy(@MaxItems(value = 2, message = "at most {value} windows, got {size}") List<String> windows,
            @MaxItems(1) List<String> items) {
    }

    @Test
    void countsTheElementsAndSaysHowManyCame() {
        assertThat(describe(new Policy(List.of("a", "b"), null))).isEmpty();
        assertThat(describe(new Policy(List.of("a", "b", "c"), Collections.nCopies(3, null))))
                .containsExactlyInAnyOrder("windows at most 2 windows, got 3", "items at most 1 entries, got 3");
    }
}
