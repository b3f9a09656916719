package io.releasecontrol.deploy.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.releasecontrol.events.Strategy;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.problem.ProblemType;
import io.releasecontrol.runtime.testsupport.ServiceValidator;
import io.releasecontrol.runtime.validation.OneOf;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/** Create and promotion bodies as sent -> the errors of their 400, in the request's order, and what a valid one asks for. */
class DeploymentRequestChecksTest {

    // single quotes keep the table readable
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
    private static final Set<String> EXECUTORS = Set.of("script", "simulated");
    private static final String NAME = "must match ^[a-z0-9][a-z0-9-]{1,62}$, got ";
    private static final String VERSION = "must match ^[A-Za-z0-9][A-Za-z0-9._+\\-/@]{0,127}$, got ";
    private static final String TARGET = "'application': 'shop', 'environment': 'prod', 'version': '1.0.0'";
    private static final String PROMOTION = "'application': 'shop', 'version': '1.0.0', 'from': 'staging', 'to': 'prod'";

    /** A create request of a canary deployment with this canary block. */
    static String canary(String block) {
        return "{" + TARGET + ", 'strategy': 'canary', 'canary': " + block + "}";
    }

    static NewDeployment create(String json) {
        return DeploymentRequestChecks.newDeployment(ServiceValidator.get(),
                json == null ? null : JSON.readValue(json, DeploymentRequests.Create.class), "alice", EXECUTORS);
    }

    static NewDeployment promote(String json) {
        return DeploymentRequestChecks.promotion(ServiceValidator.get(),
                json == null ? null : JSON.readValue(json, DeploymentRequests.Promotion.class), "alice", EXECUTORS);
    }

    @SuppressWarnings("unchecked")
    static List<String> errors(Runnable request) {
        var problem = catchThrowableOfType(ProblemException.class, request::run);
        return problem == null ? List.of() : ((List<FieldError>) problem.extensions().get("errors")).stream()
                .map(e -> e.field() + " " + e.message()).toList();
    }

    static Stream<Arguments> creates() {
        return Stream.of(
                Arguments.of("{" + TARGET + "}", List.of()),
                Arguments.of(null, List.of("body a JSON object is required")),
                Arguments.of("{}", List.of("application is required", "environment is required",
                        "version is required (or give branch and/or commit)")),
                // names: blank is missing; a bad one is shown as sent, as text
                Arguments.of("{'application': '  ', 'environment': 'Prod', 'version': '{x}'}", List.of(
                        "application is required", "environment " + NAME + "'Prod'", "version " + VERSION + "'{x}'")),
                Arguments.of("{'application': '${1+1}', 'environment': '" + "e".repeat(64) + "', 'version': '1.0.0'}",
                        List.of("application " + NAME + "'${1+1}'", "environment " + NAME + "'" + "e".repeat(64) + "'")),
                // the version may come from branch and commit, and is checked as it comes
                Arguments.of("{'application': 'shop', 'environment': 'prod', 'branch': '', 'commit': 'abc'}",
                        List.of("version " + VERSION + "'@abc'")),
                Arguments.of("{'application': 'shop', 'environment': 'prod', 'version': ' ', 'branch': 'a b', 'commit': 'c'}",
                        List.of("version " + VERSION + "'a b@c'")),
                Arguments.of("{'application': 'shop', 'environment': 'prod', 'version': '  ', 'commit': ' '}",
                        List.of("version is required (or give branch and/or commit)")),
                Arguments.of("{'application': 'shop', 'environment': 'prod', 'version': '" + "1".repeat(129) + "'}",
                        List.of("version " + VERSION + "'" + "1".repeat(129) + "'")),
                // strategy and executor by name; the executor among those configured
                Arguments.of("{" + TARGET + ", 'strategy': 'big-bang', 'executor': 'ansible'}", List.of(
                        "strategy unknown strategy 'big-bang' (expected rolling, blue-green or canary)",
                        "executor unknown executor 'ansible' (expected script or simulated)")),
                // a canary block only for a canary; the default strategy is rolling; an unknown strategy says only that
                Arguments.of("{" + TARGET + ", 'canary': {'steps': [50, 10], 'pause': 'soon'}}", List.of(
                        "canary only for strategy canary (strategy is rolling)")),
                Arguments.of("{" + TARGET + ", 'strategy': 'blue-green', 'canary': {}}", List.of(
                        "canary only for strategy canary (strategy is blue-green)")),
                Arguments.of("{" + TARGET + ", 'strategy': 'canery', 'canary': {'steps': [50, 10]}}", List.of(
                        "strategy unknown strategy 'canery' (expected rolling, blue-green or canary)")),
                // canary steps: 1..100, strictly increasing, ending at 100
                Arguments.of(canary("{'steps': []}"), List.of(
                        "canary.steps must list at least one step")),
                Arguments.of(canary("{'steps': [null, 100]}"), List.of(
                        "canary.steps each step must be a percentage 1..100, got null")),
                Arguments.of(canary("{'steps': [50, 10, 100]}"), List.of(
                        "canary.steps steps must be strictly increasing, got [50, 10, 100]")),
                Arguments.of(canary("{'steps': [10, 50]}"), List.of(
                        "canary.steps the last step must be 100, got 50")),
                // the pause: a duration up to a week, or manual; a pause the runner could not add to a time is refused
                Arguments.of(canary("{'pause': '30s'}"), List.of(
                        "canary.pause must be an ISO-8601 duration such as PT30S, or \"manual\", got '30s'")),
                Arguments.of(canary("{'pause': 'PT9223372036854775807S'}"), List.of(
                        "canary.pause must be between PT0S and PT168H (or \"manual\"), got PT9223372036854775807S")),
                Arguments.of(canary("{'pause': 'P7D', 'steps': [1, 100]}"), List.of()),
                // the routing cookie, then every field of the block in its order
                Arguments.of(canary("{'routing': {'cookie': 'x'}, 'pause': 'soon', 'steps': [10, 50]}"), List.of(
                        "canary.steps the last step must be 100, got 50",
                        "canary.pause must be an ISO-8601 duration such as PT30S, or \"manual\", got 'soon'",
                        "canary.routing.cookie cookie must be name=value, got 'x'")),
                // what else a request carries, each checked in its place
                Arguments.of("{" + TARGET + ", 'rollbackOf': 'r-1', 'hotfix': true, 'scheduledAt': 'tomorrow'}", List.of(
                        "rollbackOf must be a deployment id (UUID), got 'r-1'",
                        "reason is required for a hotfix (why it cannot wait)",
                        "scheduledAt must be an ISO-8601 UTC time such as 2026-03-01T10:15:30Z, got 'tomorrow'")),
                Arguments.of("{" + TARGET + ", 'hotfix': true, 'reason': '" + "x".repeat(501) + "'}", List.of(
                        "reason must be at most 500 characters")),
                Arguments.of("{" + TARGET + ", 'hotfix': true, 'reason': '" + " ".repeat(600) + "'}", List.of(
                        "reason is required for a hotfix (why it cannot wait)")),
                // a reason without a hotfix is not kept, so not checked
                Arguments.of("{" + TARGET + ", 'hotfix': false, 'reason': '" + "x".repeat(900) + "'}", List.of()));
    }

    @ParameterizedTest
    @MethodSource("creates")
    void namesEveryBadFieldOfACreateRequestInItsOrder(String json, List<String> expected) {
        assertThat(errors(() -> create(json))).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> promotions() {
        return Stream.of(
                Arguments.of("{" + PROMOTION + "}", List.of()),
                Arguments.of(null, List.of("body a JSON object is required")),
                Arguments.of("{}", List.of("application is required", "version is required", "from is required",
                        "to is required")),
                Arguments.of("{'application': 'shop', 'version': 'v 1', 'from': 'Staging', 'to': 'Prod'}", List.of(
                        "version " + VERSION + "'v 1'", "from " + NAME + "'Staging'", "to " + NAME + "'Prod'")),
                // to another environment; a bad name is only that
                Arguments.of("{'application': 'shop', 'version': '1.0.0', 'from': 'prod', 'to': 'prod'}", List.of(
                        "to must differ from 'from' (prod)")),
                Arguments.of("{'application': 'shop', 'version': '1.0.0', 'from': 'p', 'to': 'p'}", List.of(
                        "from " + NAME + "'p'", "to " + NAME + "'p'")),
                // what a deployment request checks, a promotion checks too
                Arguments.of("{" + PROMOTION + ", 'strategy': 'canary', 'canary': {'steps': [200]}, 'executor': 'helm',"
                        + " 'hotfix': true}", List.of("canary.steps each step must be a percentage 1..100, got 200",
                        "executor unknown executor 'helm' (expected script or simulated)",
                        "reason is required for a hotfix (why it cannot wait)")),
                Arguments.of("{" + PROMOTION + ", 'canary': {}}", List.of(
                        "canary only for strategy canary (strategy is rolling)")));
    }

    @ParameterizedTest
    @MethodSource("promotions")
    void namesEveryBadFieldOfAPromotionInItsOrder(String json, List<String> expected) {
        assertThat(errors(() -> promote(json))).containsExactlyElementsOf(expected);
    }

    @Test
    void aStartTimeIsInTheComingYear() {
        Instant now = Instant.parse("2026-11-28T11:00:00Z");
        var r = DeploymentRequests.Create.builder().application("shop").environment("prod").version("1.0.0");

        assertThat(DeploymentRequestChecks.across(r.scheduledAt("2026-11-28T11:00:00Z").build(), EXECUTORS, now))
                .containsExactly(new FieldError("scheduledAt",
                        "must be in the future, got 2026-11-28T11:00:00Z (now 2026-11-28T11:00:00Z)"));
        assertThat(DeploymentRequestChecks.across(r.scheduledAt("2027-11-30T11:00:00+01:00").build(), EXECUTORS, now))
                .containsExactly(new FieldError("scheduledAt", "must be within a year, got 2027-11-30T11:00:00+01:00"));
        assertThat(DeploymentRequestChecks.across(r.scheduledAt("2027-11-29T11:00:00Z").build(), EXECUTORS, now))
                .isEmpty();
    }

    @Test
    void theStrategyWordsAreTheStrategiesWireNames() throws NoSuchFieldException {
        for (Class<?> request : List.of(DeploymentRequests.Create.class, DeploymentRequests.Promotion.class)) {
            assertThat(request.getDeclaredField("strategy").getAnnotation(OneOf.class).value())
                    .containsExactlyInAnyOrder(Arrays.stream(Strategy.values()).map(Strategy::wire).toArray(String[]::new));
        }
    }

    @Test
    void defaultsToARollingSimulatedDeploymentAndTakesTheRequesterFromTheIdentity() {
        var d = create("{" + TARGET + "}");

        assertThat(d.strategy()).isEqualTo(Strategy.ROLLING);
        assertThat(d.executor()).isEqualTo("simulated");
        assertThat(d.requestedBy()).isEqualTo("alice");
        assertThat(d.canary()).isNull();
        assertThat(d.options().hotfix()).isFalse();
    }

    @Test
    void readsACanaryPlanWithTimedOrManualPauses() {
        var timed = create(canary("{'steps': [5, 100], 'pause': 'PT30S', 'routing': {'cookie': 'canary=1',"
                + " 'regions': ['eu']}}"));
        assertThat(timed.canary().steps()).containsExactly(5, 100);
        assertThat(timed.canary().pause()).isEqualTo(Duration.ofSeconds(30));
        assertThat(timed.canary().routing().cookie()).isEqualTo("canary=1");
        assertThat(timed.canary().routing().regions()).containsExactly("eu");

        var manual = create(canary("{'pause': 'manual'}"));
        assertThat(manual.canary().manualPromotion()).isTrue();
        assertThat(manual.canary().steps()).containsExactly(10, 50, 100);
        assertThat(create("{" + TARGET + ", 'strategy': 'canary'}").canary().steps()).containsExactly(10, 50, 100);
    }

    @Test
    void buildsTheVersionFromBranchAndCommitWhenNoVersionIsGiven() {
        var d = create("{'application': 'shop', 'environment': 'prod', 'branch': 'main', 'commit': '3f2a9c1'}");

        assertThat(d.version()).isEqualTo("main@3f2a9c1");
        assertThat(d.options().branch()).isEqualTo("main");
        assertThat(d.options().commit()).isEqualTo("3f2a9c1");
    }

    @Test
    void carriesTheRollbackTargetTheHotfixAndTheStartTimeToTheMillisecond() {
        var id = UUID.randomUUID();
        var at = Instant.now().plus(Duration.ofDays(30));
        var d = create("{" + TARGET + ", 'rollbackOf': '" + id + "', 'hotfix': true, 'reason': 'cve', 'repair': true,"
                + " 'scheduledAt': '" + at + "'}");

        assertThat(d.rollbackOf()).isEqualTo(id);
        assertThat(d.options().hotfix()).isTrue();
        assertThat(d.options().hotfixReason()).isEqualTo("cve");
        assertThat(d.options().scheduledAt()).isEqualTo(at.truncatedTo(ChronoUnit.MILLIS));
        assertThat(d.repair()).isTrue();
    }

    @Test
    void aPromotionDeploysItsVersionToItsTarget() {
        var d = promote("{" + PROMOTION + ", 'strategy': 'blue-green', 'executor': 'script'}");

        assertThat(d.environment()).isEqualTo("prod");
        assertThat(d.version()).isEqualTo("1.0.0");
        assertThat(d.strategy()).isEqualTo(Strategy.BLUE_GREEN);
        assertThat(d.executor()).isEqualTo("script");
    }

    @Test
    void theErrorsAreOneValidationProblem() {
        var problem = catchThrowableOfType(ProblemException.class, () -> create("{'application': 'Shop'}"));

        assertThat(problem.type()).isEqualTo(ProblemType.VALIDATION);
        assertThat(problem.getMessage()).isEqualTo("3 invalid field(s): application " + NAME + "'Shop'; environment is"
                + " required; version is required (or give branch and/or commit)");
    }
}
