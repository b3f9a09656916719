package io.releasecontrol.deploy.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.deploy.strategy.RoutingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HaproxyConfigTest {

    private static final Path MAP = Path.of("/run/rc/canary.map");
    private static final RouterProperties.TargetServers CANARY =
            new RouterProperties.TargetServers("10.0.0.1:8080", "10.0.0.2:8080", null, null);
    private static final RouterProperties.TargetServers BLUE_GREEN =
            new RouterProperties.TargetServers(null, null, "10.0.0.3:8080", "10.0.0.4:8080");
    private static final RoutingConfig RULES = new RoutingConfig("X-User-Id", "X-Region", List.of("eu-west", "us-east"),
            "canary=true");

    private static String render(RoutingConfig rules, Map<String, Integer> weights) {
        return HaproxyConfig.render("staging", MAP, List.of(new HaproxyConfig.Backend("rc_shop_staging", CANARY, rules,
                weights)));
    }

    @Test
    void rendersTheRunbookRulesAsAclsOnTheCanaryBackend() {
        String config = render(RULES, Map.of("stable", 90, "canary", 10));
        assertThat(config).contains("backend rc_shop_staging\n",
                "http-request set-var(txn.rc_pct) be_name,map_str_int(/run/rc/canary.map,0)",
                "http-request set-var(txn.rc_bucket) req.hdr(X-User-Id),crc32,mod(100) if { req.hdr(X-User-Id) -m found }",
                "acl rc_user_in_canary var(txn.rc_bucket),sub(txn.rc_pct) -m int lt 0",
                "acl rc_region req.hdr(X-Region) -m str eu-west us-east",
                "acl rc_cookie req.cook(canary) -m str true",
                "use-server canary if rc_canary_on rc_cookie",
                "use-server canary if rc_canary_on rc_region",
                "use-server stable if rc_user",
                "server stable 10.0.0.1:8080 weight 90\n",
                "server canary 10.0.0.2:8080 weight 10\n");
        // cookie and region come before the user's bucket, as in RoutingConfig.routesToCanary
        assertThat(config.indexOf("if rc_canary_on rc_cookie")).isLessThan(config.indexOf("if rc_user rc_user_in_canary"));
    }

    @Test
    void leavesOutTheRulesThatAreNotAsked() {
        // no regions, no cookie: only the user hash
        String config = render(RoutingConfig.DEFAULT, Map.of("stable", 100, "canary", 0));
        assertThat(config).doesNotContain("rc_region", "rc_cookie").contains("rc_user_in_canary");
    }

    @Test
    void rendersABlueGreenBackendWithoutRules() {
        String config = HaproxyConfig.render("production", MAP, List.of(new HaproxyConfig.Backend("rc_web_production",
                BLUE_GREEN, RoutingConfig.DEFAULT, Map.of("blue", 100, "green", 0))));
        assertThat(config).contains("server blue 10.0.0.3:8080 weight 100\n", "server green 10.0.0.4:8080 weight 0\n")
                .doesNotContain("rc-routing", "use-server");
    }

    @Test
    void readsBackTheRulesItWrote() {
        String config = render(RULES, Map.of("stable", 100, "canary", 0));
        assertThat(HaproxyConfig.rules(config)).containsExactly(Map.entry("rc_shop_staging", RULES));
        assertThat(HaproxyConfig.rules(render(RoutingConfig.DEFAULT, Map.of())))
                .containsExactly(Map.entry("rc_shop_staging", RoutingConfig.DEFAULT));
    }

    @Test
    void aWeightChangeAloneIsNoConfigurationChange() {
        // weights move at run time: rewriting the file for them would reload for nothing
        assertThat(HaproxyConfig.skeleton(render(RULES, Map.of("stable", 90, "canary", 10))))
                .isEqualTo(HaproxyConfig.skeleton(render(RULES, Map.of("stable", 50, "canary", 50))));
        assertThat(HaproxyConfig.skeleton(render(RULES, Map.of())))
                .isNotEqualTo(HaproxyConfig.skeleton(render(RoutingConfig.DEFAULT, Map.of())));
    }

    static Stream<Arguments> unsafe() {
        return Stream.of(
                // a space would end the sample fetch's argument
                Arguments.of(new RoutingConfig("X User", null, List.of(), null), "header name 'X User'"),
                // a line break would start a new directive
                Arguments.of(new RoutingConfig(null, null, List.of("eu\nuse-server canary"), null), "region"),
                // # starts a comment that would swallow the rest of the line
                Arguments.of(new RoutingConfig(null, "X-Region#", List.of("eu"), null), "header name"),
                Arguments.of(new RoutingConfig(null, null, List.of(), "canary=tr\"ue"), "cookie value"),
                Arguments.of(new RoutingConfig(null, null, List.of("x".repeat(65)), null), "at most 64"));
    }

    @ParameterizedTest
    @MethodSource("unsafe")
    void refusesWhatCouldChangeTheConfigurationsMeaning(RoutingConfig rules, String reason) {
        assertThatThrownBy(() -> render(rules, Map.of())).isInstanceOf(RouterException.class)
                .hasMessageContaining(reason).hasMessageContaining("cannot be routed on");
    }

    @Test
    void refusesAServerWithoutAPort() {
        var bad = new RouterProperties.TargetServers("10.0.0.1", "10.0.0.2:8080", null, null);
        assertThatThrownBy(() -> HaproxyConfig.render("staging", MAP, List.of(new HaproxyConfig.Backend("b", bad,
                RoutingConfig.DEFAULT, Map.of())))).hasMessageContaining("server stable needs an address host:port");
    }
}
