package io.releasecontrol.gateway.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Chooses where rate-limit buckets live: Redis when it is configured ({@code RC_REDIS_URL}) or the
 * local default answers a PING at startup, in memory otherwise; the choice is logged.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    @Bean
    TokenBuckets tokenBuckets(RateLimitProperties props, Environment env,
                              ObjectProvider<ReactiveStringRedisTemplate> redis) {
        var memory = new InMemoryTokenBuckets(props.replenishPerSecond(), props.burst(), System::nanoTime);
        TokenBuckets chosen = switch (props.store()) {
            case "memory" -> memory;
            case "redis" -> new RedisTokenBuckets(redis.getObject(), props.replenishPerSecond(), props.burst(), memory);
            case "auto" -> {
                if (env.getProperty("RC_REDIS_URL") != null || answersPing("127.0.0.1", 6379)) {
                    yield new RedisTokenBuckets(redis.getObject(), props.replenishPerSecond(), props.burst(), memory);
                }
                yield memory;
            }
            default -> throw new IllegalArgumentException("rc.gateway.rate-limit.store must be auto, redis or memory, not "
                    + props.store());
        };
        log.info("rate limits per caller: burst {}, {} per second, buckets {}", props.burst(), props.replenishPerSecond(),
                chosen.describe());
        return chosen;
    }

    @Bean
    CallerRateLimitWebFilter callerRateLimitWebFilter(TokenBuckets buckets) {
        return new CallerRateLimitWebFilter(buckets);
    }

    /** A plain RESP PING with a short timeout: startup only, never on a request path. */
    static boolean answersPing(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            socket.setSoTimeout(300);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(5);
            return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }
}
