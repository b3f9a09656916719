package io.releasecontrol.runtime.testsupport;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's boundaries, checked on its compiled main classes: it uses its own packages, the event
 * contracts ({@code io.releasecontrol.events}), the shared runtime ({@code io.releasecontrol.runtime})
 * and libraries, never another service's code; and its feature packages (the first package under the
 * service's root, {@code deploy.deployment}, {@code deploy.strategy} ...) do not depend on each other
 * in a cycle. A service's {@code *ArchitectureTest} extends this and names its root package.
 *
 * <p>Cycles that exist today are listed by the service as {@link KnownCycleEdge}s, each with its
 * reason: the dependencies along that one edge are ignored by the cycle rule, every other edge is
 * checked, and an edge that no longer exists, or no longer closes a cycle, fails {@link
 * #knownCycleEdgesStillCloseACycle()} so the list only shrinks.
 */
public abstract class ServiceArchitectureContract {

    /** Everything of this project; what is outside it is a library. */
    private static final String PROJECT = "io.releasecontrol..";
    /** What every service may use besides its own packages. */
    private static final String[] SHARED = {"io.releasecontrol.events..", "io.releasecontrol.runtime.."};

    // one import per service and test JVM, whichever test asks first
    private static final Map<String, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

    private final String root;

    protected ServiceArchitectureContract(String rootPackage) {
        this.root = rootPackage;
    }

    /** A feature package's dependency on another ({@code "runner" -> "release"}) that closes a cycle today. */
    public record KnownCycleEdge(String from, String to, String reason) {
    }

    /** The edges this service's cycles are cut at, until they are untangled; none by default. */
    protected List<KnownCycleEdge> knownCycleEdges() {
        return List.of();
    }

    protected final JavaClasses mainClasses() {
        return IMPORTED.computeIfAbsent(root, r -> new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(r));
    }

    @Test
    void usesOnlyItsOwnPackagesTheEventContractsTheRuntimeAndLibraries() {
        classes().that().resideInAPackage(root + "..")
                .should().onlyDependOnClassesThat(resideInAnyPackage(root + "..")
                        .or(resideInAnyPackage(SHARED))
                        .or(resideOutsideOfPackage(PROJECT)))
                .because("a service reaches another service through Kafka events or HTTP, never through its classes")
                .check(mainClasses());
    }

    @Test
    void featurePackagesDoNotDependOnEachOtherInACycle() {
        SliceRule rule = slices().matching(root + ".(*)..").namingSlices("$1").should().beFreeOfCycles();
        for (KnownCycleEdge edge : knownCycleEdges()) {
            rule = rule.ignoreDependency(resideInAPackage(feature(edge.from())), resideInAPackage(feature(edge.to())));
        }
        rule.check(mainClasses());
    }

    @Test
    void knownCycleEdgesStillCloseACycle() {
        Map<String, Set<String>> graph = featureGraph();
        for (KnownCycleEdge edge : knownCycleEdges()) {
            assertThat(graph.getOrDefault(edge.from(), Set.of())).as("%s -> %s is gone: remove it from knownCycleEdges()",
                    edge.from(), edge.to()).contains(edge.to());
            assertThat(reaches(graph, edge.to(), edge.from())).as("%s -> %s closes no cycle any more (nothing in %s "
                    + "reaches %s): remove it from knownCycleEdges()", edge.from(), edge.to(), edge.to(), edge.from())
                    .isTrue();
        }
    }

    /** Which feature packages each one depends on (classes directly in the root package belong to none). */
    private Map<String, Set<String>> featureGraph() {
        Map<String, Set<String>> graph = new HashMap<>();
        for (JavaClass c : mainClasses()) {
            String from = featureOf(c);
            if (from == null) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = featureOf(d.getTargetClass());
                if (to != null && !to.equals(from)) {
                    graph.computeIfAbsent(from, k -> new HashSet<>()).add(to);
                }
            }
        }
        return graph;
    }

    private String featureOf(JavaClass c) {
        String pkg = c.getPackageName();
        if (!pkg.startsWith(root + ".")) {
            return null;
        }
        String rest = pkg.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static boolean reaches(Map<String, Set<String>> graph, String start, String target) {
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String at = todo.pop();
            if (at.equals(target)) {
                return true;
            }
            if (seen.add(at)) {
                todo.addAll(graph.getOrDefault(at, Set.of()));
            }
        }
        return false;
    }

    private String feature(String name) {
        return root + "." + name + "..";
    }
}
