package io.releasecontrol.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/** Which pool and which timer a request gets depends on the event loop it runs on. */
class ServerEventLoopsTest {

    private final EventLoopGroup group = new DefaultEventLoopGroup(3);
    private final ServerEventLoops loops = new ServerEventLoops(group);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static <T> T on(EventLoop loop, java.util.concurrent.Callable<T> task) throws Exception {
        return loop.submit(task).get();
    }

    @Test
    void eachLoopBorrowsFromItsOwnPoolAndOtherThreadsShareOneMore() throws Exception {
        var provider = new EventLoopLocalConnectionProvider(loops, () -> ConnectionProvider.create("test", 4));
        try {
            assertThat(provider.pools()).isEqualTo(4);
            Set<ConnectionProvider> seen = new HashSet<>();
            for (var executor : group) {
                EventLoop loop = (EventLoop) executor;
                ConnectionProvider first = on(loop, provider::poolOfCurrentThread);
                assertThat(on(loop, provider::poolOfCurrentThread)).as("the same loop, the same pool").isSameAs(first);
                seen.add(first);
            }
            ConnectionProvider offLoop = provider.poolOfCurrentThread();
            assertThat(seen).as("one pool per loop").hasSize(3).doesNotContain(offLoop);
            assertThat(provider.maxConnections()).as("the limits apply per pool").isEqualTo(16);
        } finally {
            provider.disposeLater().block(Duration.ofSeconds(5));
        }
        assertThat(provider.isDisposed()).isTrue();
    }

    @Test
    void theTimeoutFiresOnTheLoopThatServedTheRequest() throws Exception {
        EventLoop loop = group.next();
        AtomicReference<Thread> firedOn = new AtomicReference<>();
        Thread loopThread = on(loop, Thread::currentThread);
        var filter = new EventLoopTimeoutFilter(Duration.ofMillis(50), loops);
        Mono<Void> timed = on(loop, () -> filter.filter(null, exchange -> Mono.never()))
                .doOnError(e -> firedOn.set(Thread.currentThread()));
        // subscribed on the loop, as the gateway's filter chain is
        StepVerifier.create(timed.subscribeOn(reactor.core.scheduler.Schedulers.fromExecutor(loop)))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(5));
        assertThat(firedOn.get()).isSameAs(loopThread);
        assertThat(loops.indexOfCurrentThread()).as("the test thread is on no loop").isEqualTo(-1);
        assertThat(loops.schedulerOfCurrentThread()).isNull();
    }

    @Test
    void offTheLoopsTheTimeoutStillApplies() {
        var filter = new EventLoopTimeoutFilter(Duration.ofMillis(50), loops);
        StepVerifier.create(filter.filter(null, exchange -> Mono.never()))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(filter.filter(null, exchange -> Mono.empty()))
                .verifyComplete();
    }
}
