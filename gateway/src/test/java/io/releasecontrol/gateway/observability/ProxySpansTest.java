package io.releasecontrol.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.SignalType;

class ProxySpansTest {

    private final List<MutableSpan> finished = new CopyOnWriteArrayList<>();
    private final Tracing tracing = Tracing.newBuilder()
            // as Spring Boot configures Brave: 128-bit trace ids, W3C trace context
            .traceId128Bit(true)
            .currentTraceContext(ThreadLocalCurrentTraceContext.create())
            .propagationFactory(new W3CPropagation(new BraveBaggageManager(), List.of()))
            .addSpanHandler(new SpanHandler() {
                @Override
                public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                    finished.add(span);
                    return true;
                }
            })
            .build();
    private final BraveTracer tracer = new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
            new BraveBaggageManager());
    private final ProxySpans spans = spans(tracer, new BravePropagator(tracing));

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void theServiceGetsTheClientSpansContextAChildOfTheServerSpanEndedByTheResponse() {
        Span server = tracer.nextSpan().name("http get").start();
        var exchange = exchangeWithServerSpan(server);
        HttpHeaders outgoing = new HttpHeaders();

        spans.start(exchange, outgoing);
        assertThat(finished).isEmpty();
        exchange.getResponse().setStatusCode(HttpStatus.OK);
        spans.filter(new HttpHeaders(), exchange);

        assertThat(finished).hasSize(1);
        MutableSpan client = finished.get(0);
        assertThat(client.traceId()).isEqualTo(server.context().traceId());
        assertThat(client.parentId()).isEqualTo(server.context().spanId());
        assertThat(client.kind()).isEqualTo(brave.Span.Kind.CLIENT);
        assertThat(client.tag("http.status_code")).isEqualTo("200");
        assertThat(client.error()).isNull();
        assertThat(outgoing.getFirst("traceparent"))
                .isEqualTo("00-" + client.traceId() + "-" + client.id() + "-01");
        // the response ended it: the end of the call does not end it twice
        spans.ended(exchange, SignalType.ON_COMPLETE);
        assertThat(finished).hasSize(1);
    }

    @Test
    void aCallWithoutResponseEndsItsSpanWithAnError() {
        var exchange = exchangeWithServerSpan(tracer.nextSpan().start());
        spans.start(exchange, new HttpHeaders());
        spans.ended(exchange, SignalType.ON_ERROR);

        var cancelled = exchangeWithServerSpan(tracer.nextSpan().start());
        spans.start(cancelled, new HttpHeaders());
        spans.ended(cancelled, SignalType.CANCEL);

        assertThat(finished).extracting(s -> s.tag("error")).containsExactly("no response from the service", "cancelled");
    }

    @Test
    void aRetriedAttemptHasItsOwnSpan() {
        var exchange = exchangeWithServerSpan(tracer.nextSpan().start());
        HttpHeaders first = new HttpHeaders();
        HttpHeaders second = new HttpHeaders();
        spans.start(exchange, first);
        spans.start(exchange, second);
        spans.filter(new HttpHeaders(), exchange);

        assertThat(finished).hasSize(2);
        assertThat(finished.get(0).tag("error")).isEqualTo("connection refused, retried");
        assertThat(finished.get(1).error()).isNull();
        assertThat(first.getFirst("traceparent")).isNotEqualTo(second.getFirst("traceparent"));
    }

    @Test
    void theCallersTraceHeadersAreReplacedOnlyWhenTheGatewayTraces() {
        assertThat(spans.replaces("traceparent")).isTrue();
        assertThat(spans.replaces("x-api-key")).isFalse();

        ProxySpans off = spans(null, null);
        HttpHeaders outgoing = new HttpHeaders();
        off.start(exchangeWithServerSpan(null), outgoing);
        assertThat(off.replaces("traceparent")).isFalse();
        assertThat(outgoing.isEmpty()).isTrue();
    }

    private static ProxySpans spans(BraveTracer tracer, Propagator propagator) {
        var beans = new StaticListableBeanFactory();
        if (tracer != null) {
            beans.addBean("tracer", tracer);
            beans.addBean("propagator", propagator);
        }
        return new ProxySpans(beans.getBeanProvider(io.micrometer.tracing.Tracer.class), beans.getBeanProvider(Propagator.class));
    }

    /** An exchange as WebFlux's server observation leaves it: its context, holding the server span, in the attributes. */
    private static MockServerWebExchange exchangeWithServerSpan(Span server) {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://gw/api/v1/applications"));
        if (server != null) {
            var context = new ServerRequestObservationContext(exchange.getRequest(), exchange.getResponse(), exchange.getAttributes());
            var tracingContext = new TracingObservationHandler.TracingContext();
            tracingContext.setSpan(server);
            context.put(TracingObservationHandler.TracingContext.class, tracingContext);
            exchange.getAttributes().put(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
        }
        return exchange;
    }
}
