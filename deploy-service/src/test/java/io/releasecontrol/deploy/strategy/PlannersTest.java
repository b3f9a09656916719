package io.releasecontrol.deploy.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The step planners: pure, one plan per strategy. */
class PlannersTest {

    private static List<String> names(List<Step> steps) {
        return steps.stream().map(Step::name).toList();
    }

    @Test
    void rollingReplacesInstancesInBatchesWithAHealthCheckAfterEach() {
        var steps = new RollingPlanner().plan(new PlanContext(5, 2, null, null, null));
        // 5 instances in 2 batches: 3 then 2
        assertThat(names(steps)).containsExactly("batch 1/2 (instances 1-3)", "health check after batch 1",
                "batch 2/2 (instances 4-5)", "health check after batch 2");
        assertThat(steps).extracting(Step::trafficAfter).containsExactly(60, null, 100, null);
        assertThat(steps).extracting(Step::progressAfter).containsExactly(25, 50, 75, 100);
    }

    @Test
    void rollingNeverMakesMoreBatchesThanInstances() {
        // 2 instances asked in 4 batches: 2 batches of one
        var steps = new RollingPlanner().plan(new PlanContext(2, 4, null, null, null));
        assertThat(names(steps)).containsExactly("batch 1/2 (instances 1-1)", "health check after batch 1",
                "batch 2/2 (instances 2-2)", "health check after batch 2");
    }

    @Test
    void blueGreenDeploysToTheIdleColourChecksItThenSwitchesAllTrafficAtOnce() {
        var steps = new BlueGreenPlanner().plan(new PlanContext(4, 2, "green", "blue", null));
        assertThat(names(steps)).containsExactly("deploy to blue", "health check blue", "switch traffic green -> blue");
        assertThat(steps).extracting(Step::trafficAfter).containsExactly(null, null, 100);
        assertThat(steps).extracting(Step::kind).containsExactly(Step.Kind.DEPLOY, Step.Kind.HEALTH_CHECK,
                Step.Kind.SHIFT_TRAFFIC);
    }

    @Test
    void blueGreenAlternatesColoursAndStartsWithGreen() {
        assertThat(BlueGreenPlanner.idleColour(null)).isEqualTo("green");
        assertThat(BlueGreenPlanner.idleColour("green")).isEqualTo("blue");
        assertThat(BlueGreenPlanner.idleColour("blue")).isEqualTo("green");
    }

    @Test
    void canaryShiftsEachWeightChecksHealthAndPausesBetweenStepsButNotAfterTheLast() {
        var plan = new CanaryPlan(List.of(10, 50, 100), Duration.ofSeconds(30), null);
        var steps = new CanaryPlanner().plan(new PlanContext(4, 2, null, null, plan));
        assertThat(names(steps)).containsExactly("deploy canary instances",
                "canary 10%", "health check at 10%", "pause PT30S at 10%",
                "canary 50%", "health check at 50%", "pause PT30S at 50%",
                "canary 100%", "health check at 100%");
        assertThat(steps.stream().map(Step::trafficAfter).filter(w -> w != null)).containsExactly(10, 50, 100);
        assertThat(steps).extracting(Step::progressAfter).isSorted().last().isEqualTo(100);
    }

    @Test
    void aManualCanaryWaitsForPromotionInsteadOfATimedPause() {
        var steps = new CanaryPlanner().plan(new PlanContext(4, 2, null, null,
                new CanaryPlan(List.of(25, 100), null, null)));
        assertThat(names(steps)).contains("wait for promotion at 25%").doesNotContain("wait for promotion at 100%");
    }

    @Test
    void behindARouterACanaryEndsByPromotingToTheStableServersAfterTheBake() {
        var planners = new StepPlanners(List.of(new CanaryPlanner(), new RollingPlanner(), new BlueGreenPlanner()));
        var plan = new CanaryPlan(List.of(10, 100), Duration.ofSeconds(30), null);

        var gated = planners.plan(io.releasecontrol.events.Strategy.CANARY,
                new PlanContext(4, 2, null, null, plan, true, true));
        // the evidence first (the bake at 100 %), then the install on the stable servers and the move back
        assertThat(names(gated)).containsExactly("deploy canary instances",
                "canary 10%", "health check at 10%", "analysis at 10%", "pause PT30S at 10%",
                "canary 100%", "health check at 100%", "bake", Step.PROMOTE_TO_STABLE);
        Step promote = gated.get(gated.size() - 1);
        assertThat(promote.kind()).isEqualTo(Step.Kind.PROMOTE);
        // the new version keeps all traffic: it moves from the canary servers to the stable ones
        assertThat(promote.trafficAfter()).isEqualTo(100);
        assertThat(promote.progressAfter()).isEqualTo(100);

        var ungated = planners.plan(io.releasecontrol.events.Strategy.CANARY,
                new PlanContext(4, 2, null, null, plan, false, true));
        assertThat(names(ungated)).endsWith("canary 100%", "health check at 100%", Step.PROMOTE_TO_STABLE);
        // without a router the canary servers are the script's business, as before
        assertThat(names(planners.plan(io.releasecontrol.events.Strategy.CANARY,
                new PlanContext(4, 2, null, null, plan, true, false)))).doesNotContain(Step.PROMOTE_TO_STABLE);
    }

    @Test
    void withAnalysisACanaryWaitsForEvidenceAfterEachWeightBelowAHundredAndEveryPlanEndsWithABake() {
        var planners = new StepPlanners(List.of(new CanaryPlanner(), new RollingPlanner(), new BlueGreenPlanner()));
        var plan = new CanaryPlan(List.of(10, 50, 100), Duration.ofSeconds(30), null);
        var canary = planners.plan(io.releasecontrol.events.Strategy.CANARY, new PlanContext(4, 2, null, null, plan, true));
        assertThat(names(canary)).containsExactly("deploy canary instances",
                "canary 10%", "health check at 10%", "analysis at 10%", "pause PT30S at 10%",
                "canary 50%", "health check at 50%", "analysis at 50%", "pause PT30S at 50%",
                "canary 100%", "health check at 100%", "bake");
        assertThat(canary).filteredOn(s -> s.kind() == Step.Kind.ANALYSIS).extracting(Step::trafficAfter)
                .containsOnlyNulls();
        assertThat(canary).extracting(Step::progressAfter).isSorted().last().isEqualTo(100);

        var rolling = planners.plan(io.releasecontrol.events.Strategy.ROLLING, new PlanContext(4, 2, null, null, null, true));
        assertThat(names(rolling)).containsExactly("batch 1/2 (instances 1-2)", "health check after batch 1",
                "batch 2/2 (instances 3-4)", "health check after batch 2", "bake");
        var blueGreen = planners.plan(io.releasecontrol.events.Strategy.BLUE_GREEN,
                new PlanContext(4, 2, "green", "blue", null, true));
        assertThat(names(blueGreen)).last().isEqualTo("bake");
        // analysis off: the planners' own plans
        assertThat(planners.plan(io.releasecontrol.events.Strategy.CANARY, new PlanContext(4, 2, null, null, plan)))
                .noneMatch(s -> s.kind() == Step.Kind.ANALYSIS);
        assertThat(Step.isGate("analysis at 10%: waiting for evidence: 3 of 200 requests")).isTrue();
        assertThat(Step.isGate("bake: baking until PT5M has passed")).isTrue();
        assertThat(Step.isGate("pause PT30S at 10%")).isFalse();
    }

    @Test
    void checksCanarySteps() {
        assertThat(CanaryPlan.problemWith(List.of(10, 50, 100))).isNull();
        assertThat(CanaryPlan.problemWith(List.of(100))).isNull();
        // not increasing
        assertThat(CanaryPlan.problemWith(List.of(10, 10, 100))).isEqualTo("steps must be strictly increasing, got [10, 10, 100]");
        // not ending at 100
        assertThat(CanaryPlan.problemWith(List.of(10, 60))).isEqualTo("the last step must be 100, got 60");
        // out of range
        assertThat(CanaryPlan.problemWith(List.of(0, 100))).isEqualTo("each step must be a percentage 1..100, got 0");
        assertThat(CanaryPlan.problemWith(List.of())).isEqualTo("must list at least one step");
    }

    @Test
    void routesTheCanaryShareOfUsersAndEveryoneWithTheCookieOrFromAListedRegion() {
        var routing = new RoutingConfig(null, null, List.of("eu-west"), "canary=1");
        long routed = java.util.stream.IntStream.range(0, 10_000)
                .filter(u -> routing.routesToCanary(10, "user-" + u, null, null)).count();
        // about 10 % of users, by a stable hash
        assertThat(routed).isBetween(800L, 1200L);
        assertThat(routing.routesToCanary(10, "u1", null, null)).isEqualTo(routing.routesToCanary(10, "u1", null, null));
        assertThat(routing.routesToCanary(1, null, "eu-west", null)).isTrue();
        assertThat(routing.routesToCanary(1, null, "us-east", "a=b; canary=1")).isTrue();
        // at 0 % (a partial rollback) nobody goes to the canary, whatever the rules
        assertThat(routing.routesToCanary(0, "u1", "eu-west", "canary=1")).isFalse();
    }
}
