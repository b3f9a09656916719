package io.releasecontrol.version.registry;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The compatibility matrix of an application: one row per version (newest first), one column per
 * dependency, each cell the range of that dependency the version works with (absent: not stated).
 */
public record CompatibilityMatrix(String application, List<String> dependencies, List<Row> versions) {

    public record Row(String version, Map<String, String> ranges) {
    }

    static CompatibilityMatrix of(String app, List<Version> newestFirst, Map<String, Map<String, String>> ranges) {
        var columns = new TreeSet<String>();
        ranges.values().forEach(m -> columns.addAll(m.keySet()));
        List<Row> rows = newestFirst.stream()
                .map(v -> new Row(v.version(), ranges.getOrDefault(v.version(), Map.of())))
                .toList();
        return new CompatibilityMatrix(app, List.copyOf(columns), rows);
    }
}
