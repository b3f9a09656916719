package io.releasecontrol.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The client the gateway proxies with runs on the server's own event loops, one connection pool
 * per loop ({@link EventLoopLocalConnectionProvider}): a request is read, proxied, answered and
 * written back on one thread. Otherwise Spring Cloud Gateway's client, as configured by
 * {@code spring.cloud.gateway.server.webflux.httpclient.*} (pool limits, timeouts, TLS).
 */
@Configuration(proxyBeanMethods = false)
class ProxyClientConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProxyClientConfiguration.class);

    @Bean
    ServerEventLoops serverEventLoops(ReactorResourceFactory resources) {
        return new ServerEventLoops(resources.getLoopResources().onServer(LoopResources.hasNativeSupport()));
    }

    @Bean
    HttpClientFactory gatewayHttpClientFactory(HttpClientProperties properties, ServerProperties server,
            ObjectProvider<HttpClientCustomizer> customizers, HttpClientSslConfigurer ssl,
            ReactorResourceFactory resources, ServerEventLoops serverLoops) {
        LoopResources loops = resources.getLoopResources();
        List<HttpClientCustomizer> all = new ArrayList<>();
        // first, so a customizer of the application's may still choose otherwise
        all.add(client -> client.runOn(loops));
        customizers.orderedStream().forEach(all::add);
        return new HttpClientFactory(properties, server, ssl, all) {
            @Override
            protected ConnectionProvider buildConnectionProvider(HttpClientProperties p) {
                var provider = new EventLoopLocalConnectionProvider(serverLoops,
                        () -> super.buildConnectionProvider(p));
                log.info("proxy client on the server's event loops: {} connection pools (one per loop, one for other threads)",
                        provider.pools());
                return provider;
            }
        };
    }
}
