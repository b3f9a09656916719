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
            // 200 a second for 1.5 s: never more than about 300, sent or skipped (at most 64 in flight);
            // fewer when a busy machine delays the ticks, which is why there is no lower bound but one
            assertThat(sent + load.skipped()).as("about 300 sent or skipped, then nothing").isBetween(1L, 320L);
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
    void theTemplatesReadTheServerEachVersionRunsBehind() {
        var t = HaproxyTemplates.TEMPLATES;
        assertThat(t).containsOnlyKeys("requests", "errors");
        assertThat(t.get("errors")).contains("server=\"{role}\",code=\"5xx\"");
        assertThat(t.get("requests")).doesNotContain("code=").contains("proxy=\"rc_{application}_{environment}\"");
    }

    @Test
    void aDeployScriptInstallsAnotherVersionOverHttpAndTheServerAnswersAsThatVersion() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        try (DemoVersion server = DemoVersion.start("1.0.0", 0, 0.0, 1)
                .installable(java.util.Map.of("1.0.0", 0.0, "1.1.0", 1.0))) {
            var install = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + server.address()
                    + "/_install?version=1.1.0")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
            var installed = http.send(install, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(installed.statusCode()).isEqualTo(200);
            assertThat(installed.body()).startsWith("installed 1.1.0 on " + server.address() + " (was 1.0.0)");
            // 1.1.0 fails everything here: the server answers with 1.1.0's behaviour and name
            var answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + server.address()
                    + "/")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.headers().firstValue("X-Version")).hasValue("1.1.0");
            assertThat(server.version()).isEqualTo("1.1.0");

            var unknown = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + server.address()
                    + "/_install?version=9.9.9")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("no version '9.9.9'", "[1.0.0, 1.1.0]");
            assertThat(server.version()).isEqualTo("1.1.0");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1} installs on {2}")
    @org.junit.jupiter.params.provider.CsvSource({
            "DEPLOY, canary, canary", "PROMOTE, canary, stable", "DEPLOY, rolling, both", "SHIFT_TRAFFIC, canary, none"})
    void theDemosDeployScriptInstallsOnTheServersTheRouterNamesForTheStep(String kind, String strategy, String on)
            throws Exception {
        try (DemoVersion stable = DemoVersion.start("1.0.0", 0, 0.0, 1).installable(java.util.Map.of("1.0.0", 0.0,
                "1.1.0", 0.0));
                DemoVersion canary = DemoVersion.start("1.0.0", 0, 0.0, 2).installable(java.util.Map.of("1.0.0", 0.0,
                        "1.1.0", 0.0))) {
            var script = new ProcessBuilder(java.nio.file.Path.of("real/demo-deploy.sh").toAbsolutePath().toString())
                    .redirectErrorStream(true);
            script.environment().putAll(java.util.Map.of("RC_STEP_KIND", kind, "RC_STRATEGY", strategy, "RC_STEP",
                    "step", "RC_VERSION", "1.1.0", "RC_APPLICATION", "shop", "RC_ENVIRONMENT", "staging",
                    "RC_ROUTER_STABLE", stable.address(), "RC_ROUTER_CANARY", canary.address()));
            Process p = script.start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(output).isZero();
            assertThat(stable.version()).as(output).isEqualTo(on.equals("stable") || on.equals("both") ? "1.1.0" : "1.0.0");
            assertThat(canary.version()).as(output).isEqualTo(on.equals("canary") || on.equals("both") ? "1.1.0" : "1.0.0");
        }
    }
}
