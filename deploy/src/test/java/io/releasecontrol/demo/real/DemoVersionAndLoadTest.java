package io.releasecontrol.demo.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoVersionAndLoadTest {

    @Test
    void aVersionFailsItsShareOfRealRequestsAndTheLoadStopsAtItsLimit() throws Exception {
        // 30 % 5xx on purpose; 200 requests a second for at most 1.5 s
        try (DemoVersion v = DemoVersion.start("1.1.0", 0, 0.30, 7);
                Load load = Load.start("http://" + v.address() + "/", 200, Duration.ofMillis(1_500))) {
            Thread.sleep(2_500);
            long sent = load.sent();
            assertThat(sent).as("about 300 sent, then nothing").isBetween(240L, 320L);
            Thread.sleep(300);
            assertThat(load.sent()).as("the load stopped at its limit").isEqualTo(sent);
            assertThat(v.requests()).isEqualTo(load.ok() + load.failed());
            assertThat(v.errors()).isEqualTo(load.failed());
            assertThat((double) v.errors() / v.requests()).isBetween(0.20, 0.40);
            assertThat(v.servedSince(System.currentTimeMillis() - 500)).as("nothing served in the last 0.5 s").isZero();
            assertThat(v.lastServedAt()).isPositive();
        }
    }

    @Test
    void theLoadSendsTo127001Only() {
        // never a request off this machine
        assertThatThrownBy(() -> Load.start("http://example.org/", 10, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("127.0.0.1 only");
    }

    @Test
    void theTemplatesReadTheCanaryServerForTheCanarysVersionAndTheStableOneForAnyOther() {
        var t = HaproxyTemplates.forCanary("1.1.0");
        assertThat(t).containsOnlyKeys("requests", "errors");
        assertThat(t.get("errors")).contains("server=\"canary\",code=\"5xx\"").contains("server=\"stable\",code=\"5xx\"")
                .contains("and on(v) label_replace(vector(1), \"v\", \"1.1.0\"")
                .contains("unless on(v) label_replace(vector(1), \"v\", \"1.1.0\"");
        assertThat(t.get("requests")).doesNotContain("code=").contains("proxy=\"rc_{application}_{environment}\"");
    }
}
