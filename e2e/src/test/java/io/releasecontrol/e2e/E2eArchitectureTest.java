package io.releasecontrol.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The stories drive the suite from outside, as a client does: through the gateway's HTTP API and the
 * Kafka topics, with the event contracts, the runtime's plain helpers and the deploy module's tools
 * (demo, quality). A service's classes are never used; the pom names the services only for the
 * reactor's build order.
 */
class E2eArchitectureTest {

    @Test
    void storiesUseNoServiceCode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "io.releasecontrol.version..", "io.releasecontrol.deploy..", "io.releasecontrol.metrics..",
                        "io.releasecontrol.orchestrator..", "io.releasecontrol.gateway..")
                .because("e2e tests the suite the way a client sees it")
                .check(new ClassFileImporter().importPackages("io.releasecontrol.e2e"));
    }
}
