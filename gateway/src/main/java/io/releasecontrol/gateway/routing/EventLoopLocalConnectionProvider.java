package io.releasecontrol.gateway.routing;

import io.netty.resolver.AddressResolverGroup;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.TransportConfig;

/**
 * A connection pool per event loop of the gateway's server, so a proxied request never leaves the
 * thread that read it: the proxy client runs on the server's (colocated) loops, a connection opened
 * on loop L is created on L and lives in L's pool, and a request read on L borrows from L's pool.
 * With one shared pool an idle connection of another loop is borrowed about every other time and
 * the request hops threads twice (out to that loop, back to the server channel's) — on two cores
 * each hop is a wake-up that waits for a core. Callers off those loops (a retry after a back-off on
 * a timer thread, say) share one more pool. Each pool has the configured limits, so the limits
 * apply per loop.
 */
final class EventLoopLocalConnectionProvider implements ConnectionProvider {

    private final ServerEventLoops loops;
    /** index: the loop's in {@link ServerEventLoops} */
    private final List<ConnectionProvider> perLoop = new ArrayList<>();
    private final ConnectionProvider offLoop;

    /** @param pool makes one pool with the configured limits; called once per loop and once for callers off them */
    EventLoopLocalConnectionProvider(ServerEventLoops loops, Supplier<ConnectionProvider> pool) {
        this.loops = loops;
        for (int i = 0; i < loops.size(); i++) {
            perLoop.add(pool.get());
        }
        this.offLoop = pool.get();
    }

    @Override
    public Mono<? extends Connection> acquire(TransportConfig config, ConnectionObserver observer,
            Supplier<? extends SocketAddress> remoteAddress, AddressResolverGroup<?> resolverGroup) {
        return poolOfCurrentThread().acquire(config, observer, remoteAddress, resolverGroup);
    }

    ConnectionProvider poolOfCurrentThread() {
        int loop = loops.indexOfCurrentThread();
        return loop < 0 ? offLoop : perLoop.get(loop);
    }

    /** How many pools there are (one per server loop and one for callers off them). */
    int pools() {
        return perLoop.size() + 1;
    }

    @Override
    public void disposeWhen(SocketAddress address) {
        perLoop.forEach(p -> p.disposeWhen(address));
        offLoop.disposeWhen(address);
    }

    @Override
    public Mono<Void> disposeLater() {
        List<Mono<Void>> all = new ArrayList<>();
        perLoop.forEach(p -> all.add(p.disposeLater()));
        all.add(offLoop.disposeLater());
        return Mono.when(all);
    }

    @Override
    public void dispose() {
        // as ConnectionProvider's own default: never blocks (it may be called on an event loop)
        disposeLater().subscribe();
    }

    @Override
    public boolean isDisposed() {
        return offLoop.isDisposed() && perLoop.stream().allMatch(ConnectionProvider::isDisposed);
    }

    @Override
    public int maxConnections() {
        return offLoop.maxConnections() < 0 ? offLoop.maxConnections() : offLoop.maxConnections() * pools();
    }

    @Override
    public String name() {
        return offLoop.name();
    }
}
