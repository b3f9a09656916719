package io.releasecontrol.deploy.executor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Stops a process and everything it started: SIGTERM to all, then SIGKILL to what is left. */
final class ProcessTree {

    private ProcessTree() {
    }

    /** Blocking (waits up to {@code grace}): call it on a bounded-elastic thread. */
    static List<Long> kill(ProcessHandle root, Duration grace) {
        // children are listed before the parent dies: once orphaned they are no longer its descendants
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            // anything started meanwhile by a dying parent joins the list
            root.descendants().filter(p -> !tree.contains(p)).forEach(p -> {
                tree.add(p);
                p.destroy();
            });
            sleep(50);
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return tree.stream().map(ProcessHandle::pid).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
