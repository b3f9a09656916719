package io.releasecontrol.version.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RollbackPathTest {

    /** 1.0.0 plain, 1.1.0 irreversible migration, 1.2.0-rc.1 breaking, 1.2.0 removes an endpoint, 1.3.0 plain. */
    private static final List<VersionFacts> REGISTRY = List.of(
            facts("1.3.0"),
            new VersionFacts("1.2.0", false, List.of(), List.of("GET /api/legacy"), List.of()),
            new VersionFacts("1.2.0-rc.1", true, List.of(), List.of(), List.of()),
            new VersionFacts("1.1.0", false, List.of("V11 (postgresql)"), List.of(), List.of()),
            new VersionFacts("1.0.1", false, List.of(), List.of(), List.of("new auth header")),
            facts("1.0.0"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # from  | target     | crossed                | irreversible | breaking | why
            1.3.0   | 1.2.0      | 1.3.0                  | false        | false    | one plain version: safe
            1.2.0   | 1.1.0      | 1.2.0 1.2.0-rc.1       | false        | true     | the removed endpoint and the breaking pre-release are crossed
            1.1.0   | 1.0.1      | 1.1.0                  | true         | false    | leaving the version with the irreversible migration
            1.3.0   | 1.0.0      | 1.3.0 1.2.0 1.2.0-rc.1 1.1.0 1.0.1 | true | true | everything in between counts
            1.0.1   | 1.0.0      | 1.0.1                  | false        | true     | a change with impact breaking
            1.2.0-rc.1 | 1.1.0   | 1.2.0-rc.1             | false        | true     | pre-releases order below their release
            1.0.0   | 1.3.0      | ''                     | false        | false    | a roll forward crosses nothing
            """)
    void decidesWhatARollbackCrosses(String from, String target, String crossed, boolean irreversible, boolean breaking,
            String why) {
        var a = RollbackPath.assess(from, target, REGISTRY);

        assertThat(String.join(" ", a.crossedVersions())).as(why).isEqualTo(crossed);
        assertThat(a.crossesIrreversibleMigration()).as(why).isEqualTo(irreversible);
        assertThat(a.crossesBreakingChange()).as(why).isEqualTo(breaking);
        assertThat(a.requiresApproval()).isEqualTo(irreversible || breaking);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            1.2.0 | 1.1.0 | 1.2.0 removed endpoint GET /api/legacy
            1.2.0 | 1.1.0 | 1.2.0-rc.1 is declared breaking
            1.1.0 | 1.0.1 | 1.1.0 ran irreversible migration V11 (postgresql); going back to 1.0.1 cannot undo it
            1.0.1 | 1.0.0 | '1.0.1 has a breaking change: new auth header'
            """)
    void saysWhy(String from, String target, String reason) {
        assertThat(RollbackPath.assess(from, target, REGISTRY).reasons()).contains(reason);
    }

    private static VersionFacts facts(String version) {
        return new VersionFacts(version, false, List.of(), List.of(), List.of());
    }
}
