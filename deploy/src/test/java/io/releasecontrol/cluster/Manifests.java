package io.releasecontrol.cluster;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chart rendered by Helm's own template engine ({@code helm template}, through helm-java), as
 * parsed YAML documents, with lookups by kind and name and the environment of a service.
 */
final class Manifests {

    static final String RELEASE = "rc";

    private final List<Map<String, Object>> documents;

    private Manifests(List<Map<String, Object>> documents) {
        this.documents = documents;
    }

    /** Renders the chart with its defaults plus the given --set values. */
    static Manifests render(Map<String, Object> sets) {
        TemplateCommand template = new Helm(DeployFiles.CHART).template().withName(RELEASE).withNamespace("release-control");
        sets.forEach(template::set);
        return new Manifests(DeployFiles.documents(template.call()));
    }

    static Manifests render() {
        return render(Map.of());
    }

    List<Map<String, Object>> documents() {
        return documents;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String service) {
        String name = RELEASE + "-" + service;
        return ofKind(kind).stream().filter(d -> name.equals(path(d, "metadata", "name"))).findFirst();
    }

    Map<String, Object> get(String kind, String service) {
        return find(kind, service).orElseThrow(() -> new AssertionError("no " + kind + " " + RELEASE + "-" + service));
    }

    /** The service's container in its Deployment. */
    Map<String, Object> container(String service) {
        List<Map<String, Object>> containers = path(get("Deployment", service), "spec", "template", "spec", "containers");
        return containers.get(0);
    }

    /**
     * The environment a service's container gets, by name: values from its ConfigMap (envFrom) as
     * text, entries of {@code env} as their map ({@code value} or {@code valueFrom}).
     */
    Map<String, Object> environment(String service) {
        Map<String, Object> env = new LinkedHashMap<>();
        Map<String, Object> data = path(get("ConfigMap", service), "data");
        env.putAll(data);
        List<Map<String, Object>> entries = path(container(service), "env");
        for (Map<String, Object> e : entries == null ? List.<Map<String, Object>>of() : entries) {
            env.put((String) e.get("name"), e);
        }
        return env;
    }

    /** A nested value by its keys; null when a key on the way is missing. */
    @SuppressWarnings("unchecked")
    static <T> T path(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return (T) current;
    }

    static List<String> names(List<Map<String, Object>> docs) {
        List<String> names = new ArrayList<>();
        docs.forEach(d -> names.add(d.get("kind") + "/" + path(d, "metadata", "name")));
        return names;
    }
}
