package io.releasecontrol.runtime.web;

import io.micrometer.context.ContextRegistry;
import io.micrometer.tracing.Tracer;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.identity.IdentityProperties;
import io.releasecontrol.runtime.identity.TrustedIdentityWebFilter;
import io.releasecontrol.runtime.input.InputGuardWebFilter;
import io.releasecontrol.runtime.input.NulRefusingModule;
import io.releasecontrol.runtime.input.UndeclaredBodyWebFilter;
import io.releasecontrol.runtime.problem.ProblemWebExceptionHandler;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import reactor.netty.NettyPipeline;

/** Problem+json errors, input guards, correlation ids and trusted identity for every reactive web service. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(IdentityProperties.class)
public class RcWebAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RcWebAutoConfiguration.class);

    static {
        // the correlation id in the Reactor context shows up in the log's MDC on every thread hop
        ContextRegistry.getInstance().registerThreadLocalAccessor(CorrelationWebFilter.CONTEXT_KEY,
                () -> MDC.get(CorrelationWebFilter.CONTEXT_KEY),
                value -> MDC.put(CorrelationWebFilter.CONTEXT_KEY, value),
                () -> MDC.remove(CorrelationWebFilter.CONTEXT_KEY));
    }

    @Bean
    ProblemWebExceptionHandler problemWebExceptionHandler() {
        return new ProblemWebExceptionHandler();
    }

    @Bean
    InputGuardWebFilter inputGuardWebFilter() {
        return new InputGuardWebFilter();
    }

    /**
     * A body that is not JSON on an operation that declares none: 415. It asks the annotated
     * controllers' mapping (looked up by name: actuator may add mappings of the same type) which
     * operation answers, and only for such requests.
     */
    @Bean
    UndeclaredBodyWebFilter undeclaredBodyWebFilter(
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> controllers) {
        return new UndeclaredBodyWebFilter(controllers::getIfAvailable);
    }

    /** Registered with the auto-configured JsonMapper, so every request body's strings and map keys refuse NUL. */
    @Bean
    NulRefusingModule nulRefusingModule() {
        return new NulRefusingModule();
    }

    /**
     * Netty's HTTP decoding failures (request line over 4 KB: 414, headers over 8 KB: 431, not HTTP:
     * 400) as problem+json: the handler goes right after each HTTP/1.1 connection's codec.
     */
    @Bean
    NettyServerCustomizer decodingFailureProblems() {
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, UnreadableRequestProblemHandler.NAME,
                        UnreadableRequestProblemHandler.INSTANCE);
            }
        });
    }

    @Bean
    CorrelationWebFilter correlationWebFilter(ObjectProvider<Tracer> tracer) {
        return new CorrelationWebFilter(tracer.getIfAvailable());
    }

    @Bean
    @ConditionalOnProperty(name = "rc.identity.secret")
    IdentityCodec identityCodec(IdentityProperties identity) {
        return new IdentityCodec(identity.secret(), identity.maxAge(), Clock.systemUTC());
    }

    /**
     * Every request needs a verified identity except on {@code rc.identity.anonymous-paths}; the
     * gateway, which authenticates its callers itself, names its own.
     */
    @Bean
    @ConditionalOnProperty(name = "rc.identity.verify", havingValue = "true", matchIfMissing = true)
    TrustedIdentityWebFilter trustedIdentityWebFilter(ObjectProvider<IdentityCodec> codec, IdentityProperties identity) {
        IdentityCodec c = codec.getIfAvailable();
        if (c == null) {
            log.warn("no identity secret configured (RC_IDENTITY_SECRET): every identity header will be refused");
        }
        return new TrustedIdentityWebFilter(c, identity.anonymousPaths());
    }
}
