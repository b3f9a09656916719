package io.releasecontrol.deploy.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.releasecontrol.deploy.checklist.AutoCheck;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.testsupport.ServiceValidator;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/** A policy body as sent -> the errors of its 400, in the request's order (what PolicyValidator used to answer). */
class PolicyChecksTest {

    // single quotes keep the table readable
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
    private static final Instant NOW = Instant.parse("2026-11-28T11:00:00Z");
    private static final String NAME = "must match ^[a-z0-9][a-z0-9-]{1,62}$, got ";
    private static final String WEEKLY = "'zone': 'UTC', 'days': ['MON'], 'from': '18:00', 'to': '20:00'";

    static EnvironmentPolicy policy(String json) {
        return PolicyChecks.policy(ServiceValidator.get(), "production",
                json == null ? null : JSON.readValue(json, PolicyDocument.class), "root", NOW);
    }

    @SuppressWarnings("unchecked")
    static List<String> errors(String json) {
        var problem = catchThrowableOfType(ProblemException.class, () -> policy(json));
        return problem == null ? List.of() : ((List<FieldError>) problem.extensions().get("errors")).stream()
                .map(e -> e.field() + " " + e.message()).toList();
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                // absent fields take their defaults; no body is no policy
                Arguments.of("{}", List.of()),
                Arguments.of(null, List.of("body a JSON object is required")),
                // every field wrong at once: in the order of the body's fields, not alphabetical
                Arguments.of("{'requiredPreceding': 'production', 'minimumSoak': 'ten minutes', 'approvalsRequired': -1,"
                        + " 'approverRole': 'root', 'approvalTimeout': 'PT0S', 'allowedStrategies': ['big-bang'],"
                        + " 'freezeWindows': [{'name': 'x', 'zone': 'Mars/Olympus', 'days': ['FUNDAY'], 'from': '18:00',"
                        + " 'to': 'late'}, {'name': 'y', 'zone': 'UTC', 'start': '2026-12-24', 'end': '2026-12-20'}]}", List.of(
                        "requiredPreceding must be another environment than production",
                        "minimumSoak must be an ISO-8601 duration such as PT10M, got 'ten minutes'",
                        "approvalsRequired must be 0..10, got -1", "approverRole must be admin or deployer, got 'root'",
                        "approvalTimeout must be positive",
                        "allowedStrategies[0] must be rolling, blue-green or canary, got 'big-bang'",
                        "freezeWindows[0].zone unknown time zone 'Mars/Olympus'",
                        "freezeWindows[0].days[0] must be MONDAY..SUNDAY or MON..SUN, got 'FUNDAY'",
                        "freezeWindows[0].to must be a local time such as 18:00, got 'late'",
                        "freezeWindows[1].end must be after start (2026-12-24)")),
                // a bad name is only that, not also "another environment"; sent text stays text
                Arguments.of("{'requiredPreceding': 'Production'}", List.of("requiredPreceding " + NAME + "'Production'")),
                Arguments.of("{'requiredPreceding': '${1+1}', 'approverRole': '{max}'}", List.of(
                        "requiredPreceding " + NAME + "'${1+1}'", "approverRole must be admin or deployer, got '{max}'")),
                // durations in their bounds, which are shown as Duration prints them
                Arguments.of("{'requiredPreceding': 'staging', 'minimumSoak': 'P91D', 'approvalTimeout': '-PT1S'}", List.of(
                        "minimumSoak must be between PT0S and PT2160H, got P91D",
                        "approvalTimeout must be between PT0S and PT720H, got -PT1S")),
                Arguments.of("{'requiredPreceding': 'staging', 'minimumSoak': 'P90D', 'approvalTimeout': 'P30D',"
                        + " 'approvalsRequired': 10}", List.of()),
                // a soak needs an environment to soak in; an out-of-bounds one says only that
                Arguments.of("{'minimumSoak': 'PT10M'}", List.of(
                        "minimumSoak needs requiredPreceding (the environment the version soaks in)")),
                Arguments.of("{'minimumSoak': 'P100D'}", List.of("minimumSoak must be between PT0S and PT2160H, got P100D")),
                Arguments.of("{'minimumSoak': 'PT0S'}", List.of()),
                // strategies: at least one, each by its wire name
                Arguments.of("{'allowedStrategies': []}", List.of(
                        "allowedStrategies must name at least one of rolling, blue-green, canary")),
                Arguments.of("{'allowedStrategies': [null, 'canary', 'Rolling']}", List.of(
                        "allowedStrategies[0] must be rolling, blue-green or canary, got 'null'",
                        "allowedStrategies[2] must be rolling, blue-green or canary, got 'Rolling'")),
                // a window: an object, named, in a zone, of one shape
                Arguments.of("{'freezeWindows': [null, {}, {'name': 'b', " + WEEKLY + ", 'start': '2026-12-20'}]}", List.of(
                        "freezeWindows[0] must be an object",
                        "freezeWindows[1] give start and end (date range) or days, from and to (weekly)",
                        "freezeWindows[1].name is required",
                        "freezeWindows[1].zone is required (an IANA time zone such as Europe/Berlin, or UTC)",
                        "freezeWindows[2] give either start/end (date range) or days/from/to (weekly), not both")),
                // a date range: both ends, each a date-time or a date, the end after the start (a date runs through its day)
                Arguments.of("{'freezeWindows': [{'name': 'a', 'zone': 'UTC', 'start': '2026-12-24'},"
                        + " {'name': 'b', 'zone': 'UTC', 'start': '24.12.2026', 'end': '2026-12-24T25:00'},"
                        + " {'name': 'c', 'zone': 'UTC', 'start': '2026-12-24T10:00', 'end': '2026-12-24T10:00'},"
                        + " {'name': 'd', 'zone': 'UTC', 'start': '2026-12-24', 'end': '2026-12-24'}]}", List.of(
                        "freezeWindows[0].end is required (local date-time such as 2026-12-20T18:00, or a date)",
                        "freezeWindows[1].start must be a local date-time such as 2026-12-20T18:00 or a date such as"
                                + " 2026-12-20, got '24.12.2026'",
                        "freezeWindows[1].end must be a local date-time such as 2026-12-20T18:00 or a date such as"
                                + " 2026-12-20, got '2026-12-24T25:00'",
                        "freezeWindows[2].end must be after start (2026-12-24T10:00)")),
                // weekly: days (full names or three letters, any case), from and to
                Arguments.of("{'freezeWindows': [{'name': 'a', 'zone': 'UTC', 'from': '18:00'},"
                        + " {'name': 'b', 'zone': 'UTC', 'days': ['FUNDAY', null, 'mon', ' tue ', 'Sunday'], 'from': '25:00',"
                        + " 'to': '8pm'}]}", List.of(
                        "freezeWindows[0].days is required: one or more of MONDAY..SUNDAY (or MON..SUN)",
                        "freezeWindows[0].to is required (local time such as 18:00)",
                        "freezeWindows[1].days[0] must be MONDAY..SUNDAY or MON..SUN, got 'FUNDAY'",
                        "freezeWindows[1].days[1] must be MONDAY..SUNDAY or MON..SUN, got 'null'",
                        "freezeWindows[1].from must be a local time such as 18:00, got '25:00'",
                        "freezeWindows[1].to must be a local time such as 18:00, got '8pm'")),
                // names: required, at most 100 characters, each once
                Arguments.of("{'freezeWindows': [{'name': '" + "x".repeat(101) + "', " + WEEKLY + "}, {'name': 'y', " + WEEKLY
                        + "}, {'name': 'y', " + WEEKLY + "}]}", List.of("freezeWindows[0].name must be at most 100 characters",
                        "freezeWindows[2].name 'y' is used twice")),
                // checklists: ids unique across pre and post, titles, checks only before, one of them needs the preceding environment
                Arguments.of("{'checklist': {'pre': [{'id': 'Tests Passed', 'title': 'x'}, {'title': 'y'}, {'id': 'a', 'title': ''},"
                        + " {'id': 'b', 'title': 'b', 'check': 'coffee-made'}, {'id': 'c', 'title': 'c',"
                        + " 'check': 'previous-environment-healthy'}, null],"
                        + " 'post': [{'id': 'a', 'title': '" + "x".repeat(201) + "', 'check': 'version-exists'}]}}", List.of(
                        "checklist.pre[0].id must match ^[a-z0-9][a-z0-9-]{0,62}$, got 'Tests Passed'",
                        "checklist.pre[1].id must match ^[a-z0-9][a-z0-9-]{0,62}$, got nothing",
                        "checklist.pre[2].title is required",
                        "checklist.pre[3].check must be one of version-exists, migrations-declared, rollback-target-exists,"
                                + " previous-environment-healthy (or absent: a manual item), got 'coffee-made'",
                        "checklist.pre[4].check previous-environment-healthy needs requiredPreceding (the environment whose"
                                + " health is checked)",
                        "checklist.pre[5] must be an object",
                        "checklist.post[0].id 'a' is used twice (ids are unique across pre and post)",
                        "checklist.post[0].title must be at most 200 characters",
                        "checklist.post[0].check post-deployment items are confirmed by people: remove check")),
                Arguments.of("{'requiredPreceding': 'staging', 'checklist': {'pre': [{'id': 'h', 'title': 'h',"
                        + " 'check': 'previous-environment-healthy'}]}}", List.of()));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void namesEveryBadFieldInTheRequestsOrder(String json, List<String> expected) {
        assertThat(errors(json)).containsExactlyElementsOf(expected);
    }

    @Test
    void listsHaveTheirLimits() {
        String windows = String.join(", ", Stream.iterate(0, i -> i + 1).limit(51)
                .map(i -> "{'name': 'w" + i + "', " + WEEKLY + "}").toList());
        String items = String.join(", ", Stream.iterate(0, i -> i + 1).limit(31)
                .map(i -> "{'id': 'i" + i + "', 'title': 't'}").toList());

        assertThat(errors("{'freezeWindows': [" + windows + "], 'checklist': {'post': [" + items + "]}}"))
                .containsExactly("freezeWindows at most 50 windows, got 51", "checklist.post at most 30 items, got 31");
    }

    @Test
    void aValidDocumentIsThePolicyItDescribes() {
        var p = policy("{'requiredPreceding': 'staging', 'minimumSoak': 'PT10M', 'approvalsRequired': 2,"
                + " 'approverRole': 'deployer', 'approvalTimeout': 'PT1H', 'allowedStrategies': ['canary', 'rolling'],"
                + " 'freezeWindows': [{'name': 'xmas', 'zone': 'Europe/Berlin', 'start': '2026-12-24', 'end': '2026-12-26',"
                + " 'reason': 'sales'}, {'name': 'fri', 'zone': 'UTC', 'days': ['fri', 'SATURDAY', 'FRI'], 'from': '16:00',"
                + " 'to': '00:00'}], 'checklist': {'pre': [{'id': 'v', 'title': 'v', 'check': 'version-exists'}],"
                + " 'post': [{'id': 'smoke', 'title': 'smoke tested'}]}}");

        assertThat(p.environment()).isEqualTo("production");
        assertThat(p.requiredPreceding()).isEqualTo("staging");
        assertThat(p.minimumSoak()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.approvalsRequired()).isEqualTo(2);
        assertThat(p.approverRole()).isEqualTo("deployer");
        assertThat(p.approvalTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(p.allowedStrategies()).isEqualTo(Set.of(Strategy.CANARY, Strategy.ROLLING));
        // a date range's end date is included: the window ends as the next day starts
        assertThat(p.freezeWindows().get(0).start()).isEqualTo(LocalDateTime.parse("2026-12-24T00:00"));
        assertThat(p.freezeWindows().get(0).end()).isEqualTo(LocalDateTime.parse("2026-12-27T00:00"));
        assertThat(p.freezeWindows().get(0).reason()).isEqualTo("sales");
        assertThat(p.freezeWindows().get(1).days()).containsExactly(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
        assertThat(p.checklist().pre().get(0).check()).isEqualTo(AutoCheck.VERSION_EXISTS);
        assertThat(p.checklist().post().get(0).automatic()).isFalse();
        assertThat(p.updatedBy()).isEqualTo("root");
        assertThat(p.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void absentFieldsTakeTheirDefaults() {
        var p = policy("{}");

        assertThat(p.requiredPreceding()).isNull();
        assertThat(p.minimumSoak()).isEqualTo(Duration.ZERO);
        assertThat(p.approvalsRequired()).isZero();
        assertThat(p.approverRole()).isEqualTo("admin");
        assertThat(p.approvalTimeout()).isEqualTo(Duration.ofHours(24));
        assertThat(p.allowedStrategies()).isEqualTo(Set.of(Strategy.values()));
        assertThat(p.freezeWindows()).isEmpty();
        assertThat(p.checklist().isEmpty()).isTrue();
    }
}
