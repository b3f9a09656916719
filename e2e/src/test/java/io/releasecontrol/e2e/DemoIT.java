package io.releasecontrol.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasecontrol.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/rc demo} (its main class, in this JVM) against the shared stack: it must exit 0, print
 * the rollback's explanation with its numbers, and have left the registry as the story says.
 */
class DemoIT {

    @Test
    void theDemoRollsTheBreachingCanaryBackAndExplainsWhy() {
        LocalStack stack = LocalStack.shared();
        String app = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        int exit = Demo.run(new String[] {"--gateway", stack.gatewayUrl(), "--application", app,
                "--environment", "staging", "--tick-ms", "50"}, out, stack.adminKey());

        String printed = buffer.toString(StandardCharsets.UTF_8);
        System.out.println("e2e: bin/rc demo printed:\n" + printed);
        assertThat(exit).as("the demo's exit code").isZero();
        assertThat(printed).contains("watch it on the dashboard: " + stack.gatewayUrl() + "/")
                .contains("canary of 1.1.0 at 5 %").contains("metrics-service reports 1.1.0 BREACHED")
                .contains("The rollback, as GET /api/v1/rollbacks/")
                .contains("PARTIAL_ROLLBACK").contains("1.1.0 → 1.0.0").contains("error-rate-5pct")
                .containsPattern("partial-rollback +SUCCEEDED").containsPattern("full-rollback +SUCCEEDED")
                .contains("demo complete");

        Api api = new Api(stack.gatewayUrl(), stack.adminKey());
        assertThat(api.get("/api/v1/applications/" + app + "/environments/staging").path("currentVersion").asText())
                .isEqualTo("1.0.0");
        JsonNode sagas = api.get("/api/v1/rollbacks?application=" + app + "&environment=staging").path("items");
        assertThat(sagas).hasSize(1);
        assertThat(sagas.get(0).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(sagas.get(0).path("decision").path("impactPercent").asDouble()).isBetween(4.0, 6.0);
        assertThat(printed).contains("GET /api/v1/rollbacks/" + sagas.get(0).path("id").asText());
    }
}
