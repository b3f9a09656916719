package io.releasecontrol.quality;

import io.releasecontrol.demo.GatewayClient;
import io.releasecontrol.localstack.Options;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code bin/rc quality}: runs the labelled corpus through {@code POST /api/v1/rules/replay} of a
 * running stack (with the rules it runs now) and prints, per trace and in all, false rollbacks,
 * regressions caught and detection delays. Exits 1 when a goal is missed: no false rollback, every
 * regression caught, every shared incident alerted, median delay <= 3 s at >= 500 requests/s on
 * the new version and <= 60 s below.
 */
public final class Quality {

    private Quality() {
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args, Map.of("gateway", "http://127.0.0.1:8080", "only", ""));
        } catch (IllegalArgumentException e) {
            System.err.println("quality: " + e.getMessage());
            System.exit(2);
            return;
        }
        Scoring.Summary summary = run(GatewayClient.fromEnvironment(o.get("gateway")), o.get("only"));
        System.out.println(summary.figures());
        System.out.println(summary.goalsMet() ? "goals met" : "GOALS MISSED");
        System.exit(summary.goalsMet() ? 0 : 1);
    }

    /** Replays every trace whose name contains {@code only} (all when empty), printing a line each. */
    public static Scoring.Summary run(GatewayClient api, String only) {
        List<Scoring.Outcome> outcomes = new ArrayList<>();
        for (LabelledTrace trace : Corpus.all()) {
            if (!only.isEmpty() && !trace.name().contains(only)) {
                continue;
            }
            Scoring.Outcome outcome = Scoring.score(trace, replay(api, trace));
            outcomes.add(outcome);
            System.out.println(Scoring.line(outcome));
        }
        return Scoring.summarize(outcomes);
    }

    /** the samples go as the records they are: their components are the API's field names */
    static List<Scoring.Breach> replay(GatewayClient api, LabelledTrace trace) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("samples", trace.samples());
        if (!trace.extraRules().isEmpty()) {
            // the stack's rules and what the application's policy adds: a replay with rules uses only those
            List<Object> rules = new ArrayList<>();
            api.get("/api/v1/rules?size=500").get("items").forEach(rules::add);
            rules.addAll(trace.extraRules());
            body.put("rules", rules);
        }
        JsonNode result = api.post("/api/v1/rules/replay", body);
        List<Scoring.Breach> breaches = new ArrayList<>();
        for (JsonNode b : result.get("breaches")) {
            breaches.add(new Scoring.Breach(b.get("rule").asString(), b.get("action").asString(),
                    b.get("version").asString(), Instant.parse(b.get("time").asString())));
        }
        return breaches;
    }
}
