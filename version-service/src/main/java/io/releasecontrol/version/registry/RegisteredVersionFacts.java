package io.releasecontrol.version.registry;

import io.releasecontrol.version.environment.RegisteredVersions;
import io.releasecontrol.version.environment.VersionFacts;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The registry's answers to what environment asks about versions ({@link RegisteredVersions}). */
@Component
class RegisteredVersionFacts implements RegisteredVersions {

    private final VersionRepository versions;

    RegisteredVersionFacts(VersionRepository versions) {
        this.versions = versions;
    }

    @Override
    public Mono<Boolean> isRegistered(String application, String version) {
        return versions.find(application, version).hasElement();
    }

    @Override
    public Mono<List<VersionFacts>> rollbackFacts(String app) {
        return versions.allNewestFirst(app).flatMapMany(Flux::fromIterable)
                .concatMap(v -> Mono.zip(
                        versions.migrations(app, v.version()).filter(m -> !m.reversible())
                                .map(m -> m.id() + " (" + m.store() + (m.description() == null ? "" : ": " + m.description())
                                        + ")").collectList(),
                        versions.apiChanges(app, v.version()).filter(c -> "removed".equals(c.kind()))
                                .map(c -> c.endpoint()).collectList(),
                        versions.breakingChangeTitles(app, v.version()))
                        .map(t -> new VersionFacts(v.version(), v.declaredBreaking(), t.getT1(), t.getT2(), t.getT3())))
                .collectList();
    }
}
