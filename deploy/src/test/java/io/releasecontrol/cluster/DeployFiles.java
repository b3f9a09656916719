package io.releasecontrol.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The files the cluster tests read, found from the deploy module's directory (Maven runs tests
 * there), and the facts they are checked against: the services bin/rc starts and what each
 * service's code reads.
 */
final class DeployFiles {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.getParent();
    static final Path CHART = MODULE.resolve("helm/release-control");
    static final Path COMPOSE = MODULE.resolve("compose/compose.yaml");

    private static final Pattern RC_SERVICES = Pattern.compile("(?m)^SERVICES=\\(([^)]*)\\)");

    private DeployFiles() {
    }

    /** bin/rc's SERVICES list (name:port, in start order): the suite's services and their ports. */
    static Map<String, Integer> localStackServices() {
        Matcher m = RC_SERVICES.matcher(read(ROOT.resolve("bin/rc")));
        if (!m.find()) {
            throw new IllegalStateException("bin/rc has no SERVICES=(...) line");
        }
        Map<String, Integer> services = new LinkedHashMap<>();
        for (String entry : m.group(1).trim().split("\\s+")) {
            String[] parts = entry.split(":");
            services.put(parts[0], Integer.parseInt(parts[1]));
        }
        return services;
    }

    /** The chart's values.yaml, parsed. */
    static Map<String, Object> chartValues() {
        return new Yaml().load(read(CHART.resolve("values.yaml")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> chartServices() {
        return (Map<String, Map<String, Object>>) chartValues().get("services");
    }

    /** The default the service's application.yml gives a variable it maps ({@code ${VARIABLE:default}}). */
    static String serviceDefault(String service, String variable) {
        Matcher m = Pattern.compile("\\$\\{" + variable + ":([^}]+)}").matcher(read(applicationYml(service)));
        if (!m.find()) {
            throw new IllegalStateException(service + "'s application.yml gives " + variable + " no default");
        }
        return m.group(1);
    }

    /** The HTTP port the service listens on unless told otherwise: its application.yml's server.port. */
    @SuppressWarnings("unchecked")
    static int servicePort(String service) {
        Map<String, Object> yml = new Yaml().load(read(applicationYml(service)));
        return (Integer) ((Map<String, Object>) yml.get("server")).get("port");
    }

    private static Path applicationYml(String service) {
        return ROOT.resolve(service).resolve("src/main/resources/application.yml");
    }

    /**
     * True when the variable's name occurs in the service's own main sources or resources, or in
     * common-runtime's (which reads the shared RC_* variables for every service).
     */
    static boolean serviceReads(String service, String variable) {
        return mentions(ROOT.resolve(service).resolve("src/main"), variable)
                || mentions(ROOT.resolve("common-runtime/src/main"), variable);
    }

    private static boolean mentions(Path dir, String text) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".yml"))
                    .anyMatch(f -> read(f).contains(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a multi-document text (empty documents dropped). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
