package io.releasecontrol.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a template is, what it renders to, and every way it can be refused when its policy is saved. */
class QueryTemplateTest {

    static final Map<String, String> SHOP = Map.of("application", "shop", "environment", "production",
            "version", "2.4.0", "role", "canary");

    static Stream<Arguments> rendered() {
        return Stream.of(
                // placeholders in label values; the matchers' own braces stay PromQL
                Arguments.of("sum(increase(http_requests_total{app=\"{application}\",env=\"{environment}\","
                        + "version=\"{version}\"}[10s]))", SHOP, "sum(increase(http_requests_total{app=\"shop\","
                        + "env=\"production\",version=\"2.4.0\"}[10s]))", null),
                // {role}: the router's server, for counters kept per server (HAProxy's exporter)
                Arguments.of("sum(rate(haproxy_server_http_responses_total{proxy=\"rc_{application}_{environment}\","
                        + "server=\"{role}\"}[3s]))", SHOP, "sum(rate(haproxy_server_http_responses_total{proxy="
                        + "\"rc_shop_production\",server=\"canary\"}[3s]))", null),
                // escaped and regex-quoted like {version}
                Arguments.of("up{server=\"{role}\"}", Map.of("role", "a\"b\\"), "up{server=\"a\\\"b\\\\\"}",
                        null),
                Arguments.of("up{server=~\"{role}|backup\"}", Map.of("role", "stable.1"),
                        "up{server=~\"stable\\\\.1|backup\"}", null),
                // no placeholder at all: the query as it is
                Arguments.of("avg(process_cpu)", SHOP, "avg(process_cpu)", null),
                // a value with a quote and a backslash cannot end the string it stands in
                Arguments.of("up{version=\"{version}\"}", Map.of("version", "1\"} or vector(1) #\\"),
                        "up{version=\"1\\\"} or vector(1) #\\\\\"}", null),
                // in a regex matcher the value matches itself only: '.' and '+' quoted, then escaped
                Arguments.of("up{version=~\"{version}\"}", Map.of("version", "1.0.0+b7"),
                        "up{version=~\"1\\\\.0\\\\.0\\\\+b7\"}", null),
                Arguments.of("up{version !~ \"{version}\"}", Map.of("version", "1.0"), "up{version !~ \"1\\\\.0\"}",
                        null),
                // {instance}: every series with the label, split by it
                Arguments.of("sum by (pod) (rate(x{app=\"{application}\", pod =~ \"{instance}\"}[1m]))", SHOP,
                        "sum by (pod) (rate(x{app=\"shop\", pod =~ \".+\"}[1m]))", "pod"),
                // braces inside strings that are not placeholders (a regex repetition), and comments
                Arguments.of("up{job=~\"a{1,2}\"} # {whatever} (\n", SHOP, "up{job=~\"a{1,2}\"} # {whatever} (\n",
                        null),
                // an escaped quote does not end a string; a raw string has no escapes
                Arguments.of("label_replace(up, \"v\", \"\\\"{version}\", \"\", \"\") + on() `(`", SHOP,
                        "label_replace(up, \"v\", \"\\\"2.4.0\", \"\", \"\") + on() `(`", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rendered")
    void rendersThePlaceholdersEscaped(String template, Map<String, String> values, String query, String label) {
        QueryTemplate t = QueryTemplate.parse(template);
        assertThat(t.render(values)).isEqualTo(query);
        assertThat(t.instanceLabel()).isEqualTo(label);
    }

    @Test
    void tellsWhetherItHoldsAPlaceholder() {
        QueryTemplate t = QueryTemplate.parse("up{server=\"{role}\",pod=~\"{instance}\"} # {version}");
        assertThat(t.uses("role")).isTrue();
        assertThat(t.uses("instance")).isTrue();
        // in a comment it is text, not a placeholder
        assertThat(t.uses("version")).isFalse();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("", "is empty"),
                Arguments.of("   ", "is empty"),
                Arguments.of("a".repeat(2_001), "is 2001 characters long, at most 2000"),
                // a name that is not one of the five, outside or inside a string
                Arguments.of("up{app=\"{app}\"}", "unknown placeholder {app} at position 8"),
                Arguments.of("up{job}", "unknown placeholder {job} at position 2"),
                // a value is only escaped inside a double-quoted string
                Arguments.of("up{app=~{application}}", "{application} at position 8 must stand inside a double-quoted"),
                Arguments.of("up{app='{application}'}", "{application} at position 8 must stand inside a double-quoted"
                        + " string, not '..."),
                Arguments.of("up{app=`{application}`}", "must stand inside a double-quoted string, not `..."),
                Arguments.of("up{server={role}}", "{role} at position 10 must stand inside a double-quoted string"),
                // {instance}: the whole value of an =~ matcher
                Arguments.of("up{pod=\"{instance}\"}", "{instance} at position 8 must be the whole value of a regex"
                        + " matcher"),
                Arguments.of("up{pod!~\"{instance}\"}", "must be the whole value of a regex matcher"),
                Arguments.of("up{pod=~\"x-{instance}\"}", "must be the whole value of a regex matcher"),
                Arguments.of("up{=~\"{instance}\"}", "must be the whole value of a regex matcher"),
                Arguments.of("up{pod=~\"{instance}\", node=~\"{instance}\"}", "{instance} splits by 'pod' and by"
                        + " 'node': one label only"),
                // balance outside strings
                Arguments.of("sum(rate(up[1m])", "'(' at position 3 is never closed"),
                Arguments.of("sum(rate(up[1m])))", "')' at position 17 closes nothing"),
                Arguments.of("up{app=\"x\"]", "']' at position 10 closes nothing; '{' at position 2 is never closed"),
                Arguments.of("up{app=\"{application}}", "string opened at position 7 never ends"),
                // everything at once, in one message
                Arguments.of("up{a=\"{x}\"}) {version}", "unknown placeholder {x} at position 6 (known: {application},"
                        + " {environment}, {version}, {role}, {instance}); ')' at position 11 closes nothing;"
                        + " {version} at position 13 must stand inside a double-quoted string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWithTheReason(String template, String reason) {
        assertThatThrownBy(() -> QueryTemplate.parse(template)).isInstanceOf(IllegalArgumentException.class)
                .message().contains(reason);
    }
}
