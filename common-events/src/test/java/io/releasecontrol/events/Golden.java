package io.releasecontrol.events;

import io.releasecontrol.events.serde.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The golden files {@code src/test/resources/golden/<type>.json}: the pinned wire format of each
 * fixture envelope. They live in the source tree and are read from there (not from the classpath),
 * so {@code -Dgolden.update=true} (or {@code GOLDEN_UPDATE=true}) rewrites exactly what is checked.
 */
final class Golden {

    /** Surefire runs tests in the module directory and sets {@code basedir}; fall back to the cwd. */
    static final Path MODULE_DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    static final Path DIR = MODULE_DIR.resolve("src/test/resources/golden");

    /** Rewrite golden files and docs instead of comparing against them. */
    static final boolean UPDATE = Boolean.getBoolean("golden.update")
            || "true".equalsIgnoreCase(System.getenv("GOLDEN_UPDATE"));

    private Golden() {
    }

    static Path file(String type) {
        return DIR.resolve(type + ".json");
    }

    /** Pretty-printed wire JSON of the fixture envelope of {@code type}, with a final newline. */
    static String render(String type) {
        String json = EventCodec.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(EventFixtures.envelope(type));
        return json.replace("\r\n", "\n") + "\n";
    }

    static String read(String type) {
        return readText(file(type));
    }

    static void write(String type) {
        writeText(file(type), render(type));
    }

    static String readText(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " (generate it with -Dgolden.update=true)", e);
        }
    }

    static void writeText(Path path, String text) {
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
