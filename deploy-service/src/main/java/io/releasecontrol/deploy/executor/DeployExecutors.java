package io.releasecontrol.deploy.executor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** The executors by name: adding one is adding a bean. */
@Component
public class DeployExecutors {

    private final Map<String, DeployExecutor> byName = new TreeMap<>();

    public DeployExecutors(List<DeployExecutor> executors) {
        executors.forEach(e -> byName.put(e.name(), e));
    }

    public Optional<DeployExecutor> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public DeployExecutor get(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("no executor " + name));
    }

    public java.util.Set<String> names() {
        return byName.keySet();
    }
}
