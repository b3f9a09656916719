package io.releasecontrol.deploy.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Answers as HAProxy 2.6 gives them (copied from a real one). */
class RuntimeApiTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "30 (initial 10)\\n\\n|30",
            "0 (initial 100)\\n|0",
            "256 (initial 1)|256"})
    void readsAWeight(String answer, int weight) {
        // \n in the table is the answer's line break
        assertThat(RuntimeApi.parseWeight(answer.replace("\\n", "\n"), "b/s")).isEqualTo(weight);
    }

    @ParameterizedTest
    @ValueSource(strings = {"No such server.\n\n", "No such backend.\n", "", "Permission denied\n"})
    void aWeightHaproxyDoesNotGiveIsAnErrorWithItsWords(String answer) {
        assertThatThrownBy(() -> RuntimeApi.parseWeight(answer, "rc_shop/canary"))
                .isInstanceOf(RouterException.class).hasMessageContaining("rc_shop/canary")
                .hasMessageContaining(answer.isBlank() ? "(nothing)" : answer.strip());
    }

    @Test
    void readsAMapValueOrItsAbsence() {
        Path map = Path.of("/m.map");
        assertThat(RuntimeApi.parseMapValue("type=str, case=sensitive, found=yes, idx=tree, key=\"rc_shop\","
                + " value=\"30\", type=\"str\"\n\n", map, "rc_shop")).isEqualTo("30");
        assertThat(RuntimeApi.parseMapValue("type=str, case=sensitive, found=no\n\n", map, "rc_shop")).isNull();
        assertThatThrownBy(() -> RuntimeApi.parseMapValue("Unknown map identifier. Please use #<id> or <file>.\n",
                map, "rc_shop")).hasMessageContaining("Unknown map identifier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rc_shop; shutdown frontend fe", "a b", "x\nset server", ""})
    void refusesArgumentsThatWouldBeAnotherCommand(String value) {
        assertThatThrownBy(() -> RuntimeApi.arg(value)).isInstanceOf(RouterException.class)
                .hasMessageContaining("refusing to send");
    }

    @Test
    void readsTheMastersReloadsAndItsCurrentWorker() {
        String answer = """
                #<PID>          <type>          <reloads>       <uptime>        <version>
                7441            master          2 [failed: 1]   0d00h10m07s     2.6.12-1+deb12u4
                # workers
                14729           worker          0               0d00h00m01s     2.6.12-1+deb12u4
                # old workers
                9000            worker          1               0d00h05m01s     2.6.12-1+deb12u4
                # programs

                """;
        assertThat(HaproxyReloader.Proc.parse(answer)).isEqualTo(new HaproxyReloader.Proc(2, 1, 14729));
        assertThatThrownBy(() -> HaproxyReloader.Proc.parse("Unknown command\n"))
                .hasMessageContaining("unexpected answer to 'show proc'");
    }
}
