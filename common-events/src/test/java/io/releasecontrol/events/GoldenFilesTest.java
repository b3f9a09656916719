package io.releasecontrol.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.serde.EventCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Pins the wire format: {@code src/test/resources/golden/<type>.json} holds the JSON of each fixture
 * envelope. Writing is compared as JSON trees (whitespace is free, every name and value counts);
 * reading each golden file must give the fixture back, which is what protects consumers.
 * Run with {@code -Dgolden.update=true} (or {@code GOLDEN_UPDATE=true}) to rewrite the files.
 */
class GoldenFilesTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.releasecontrol.events.EventFixtures#types")
    void writesTheGoldenWireFormat(String type) {
        if (Golden.UPDATE) {
            Golden.write(type);
        }
        assertThat(Golden.file(type)).as("golden file of %s (generate it with -Dgolden.update=true)", type).exists();

        JsonNode written = tree(EventCodec.toJson(EventFixtures.envelope(type)));
        JsonNode golden = tree(Golden.read(type));

        assertThat(written)
                .as("wire format of %s changed; if intended, add a new .vN type or rerun with -Dgolden.update=true",
                        type)
                .isEqualTo(golden);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.releasecontrol.events.EventFixtures#types")
    void readsTheGoldenFileBackToTheFixture(String type) {
        // a message as already produced (and maybe still on a topic or a DLT) must stay readable
        assertThat(EventCodec.fromJson(Golden.read(type)))
                .as("golden %s no longer reads as its fixture: consumers would break; add a new .vN type instead",
                        type)
                .isEqualTo(EventFixtures.envelope(type));
    }

    @Test
    void everyGoldenFileBelongsToARegisteredType() throws IOException {
        // deleting or renaming a type leaves its golden file behind: that is a breaking change, made on purpose only
        List<String> orphans;
        try (Stream<Path> files = Files.list(Golden.DIR)) {
            orphans = files.map(f -> f.getFileName().toString())
                    .map(name -> name.replaceFirst("\\.json$", ""))
                    .filter(type -> !EventTypes.all().containsKey(type))
                    .sorted().toList();
        }
        assertThat(orphans)
                .as("golden files without a registered type (a removed type breaks consumers; delete the file only"
                        + " if its retirement is intended)")
                .isEmpty();
    }

    private static JsonNode tree(String json) {
        return EventCodec.mapper().readTree(json);
    }
}
