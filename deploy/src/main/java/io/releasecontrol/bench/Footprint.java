package io.releasecontrol.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The stack's processes as bin/rc knows them (the pid files in its state directory) and their
 * resident memory from /proc; the start-up time bin/rc up recorded.
 */
final class Footprint {

    private Footprint() {
    }

    /** Resident set size in KiB per process name (kafka, mongo, each service), in the pid files' order. */
    static Map<String, Long> rssKiB(Path stateDir) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(stateDir)) {
            for (Path pidFile : files.filter(p -> p.getFileName().toString().endsWith(".pid")).sorted().toList()) {
                String name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
                String pid = Files.readString(pidFile).strip();
                Path status = Path.of("/proc", pid, "status");
                if (!pid.matches("\\d+") || !Files.exists(status)) {
                    continue;
                }
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        out.put(name, Long.parseLong(line.replaceAll("\\D", "")));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the stack's pid files in " + stateDir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Seconds from bin/rc up spawning the first process to the last readiness probe answering 200; NaN if unknown. */
    static double startupSeconds(Path stateDir) {
        Path file = stateDir.resolve("startup-seconds");
        try {
            return Files.exists(file) ? Double.parseDouble(Files.readString(file).strip()) : Double.NaN;
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }
}
