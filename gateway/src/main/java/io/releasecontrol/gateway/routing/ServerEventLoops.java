package io.releasecontrol.gateway.routing;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The event loops of the gateway's HTTP server, and for each a Reactor {@link Scheduler} that runs
 * (and times) tasks on that loop itself: work scheduled from a loop for itself needs no other
 * thread to wake up. Looked up by {@link EventExecutor#inEventLoop()} over a handful of loops.
 * The schedulers are never disposed: that would shut the server's loops down.
 */
final class ServerEventLoops {

    private final EventExecutor[] loops;
    private final Scheduler[] schedulers;

    ServerEventLoops(EventLoopGroup group) {
        List<EventExecutor> all = new ArrayList<>();
        group.forEach(all::add);
        this.loops = all.toArray(EventExecutor[]::new);
        this.schedulers = new Scheduler[loops.length];
        for (int i = 0; i < loops.length; i++) {
            schedulers[i] = Schedulers.fromExecutorService(loops[i], "gateway-server-loop-" + i);
        }
    }

    int size() {
        return loops.length;
    }

    /** The index of the loop running the calling thread, or -1 when the caller is not on one. */
    int indexOfCurrentThread() {
        for (int i = 0; i < loops.length; i++) {
            if (loops[i].inEventLoop()) {
                return i;
            }
        }
        return -1;
    }

    /** A scheduler on the calling thread's own loop, or {@code null} when the caller is not on one. */
    Scheduler schedulerOfCurrentThread() {
        int i = indexOfCurrentThread();
        return i < 0 ? null : schedulers[i];
    }
}
