package io.releasecontrol.runtime.input;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.security.Principal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.BeanUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Refuses a body that is not JSON sent to an operation that declares no body — {@code POST
 * /api/v1/rollbacks/{id}/approve} with {@code Content-Type: application/xml} and {@code <a/>}, an
 * XML body on a GET or DELETE: 415 {@code unsupported-media-type}, where it was accepted silently.
 * A JSON body there still passes (the dashboard sends {@code {}} to such operations), and an operation
 * that declares a body ({@code @RequestBody}, {@code @RequestPart}, a form or multipart model
 * attribute, {@code HttpEntity}) is left to its codecs, which answer 415 to a type they cannot read.
 *
 * <p>Only requests that announce a body (a {@code Content-Length} over 0, or a
 * {@code Transfer-Encoding}) with a type other than JSON pay for a look-up of their operation among
 * the annotated controllers; everything else passes at once. What those controllers do not serve —
 * static files, actuator endpoints, the gateway's proxied routes — passes too. A handler that reads
 * its body itself from the exchange (the rules replay, for its own size limit) reads JSON, which
 * passes; one that reads another type must declare it with {@code @RequestBody}.
 */
public class UndeclaredBodyWebFilter implements WebFilter, Ordered {

    /** Parameters WebFlux resolves from the request without reading its body; any other bean type may bind form data. */
    private static final Set<Class<?>> NOT_BODY_TYPES = Set.of(ServerWebExchange.class, ServerHttpRequest.class,
            ServerHttpResponse.class, Principal.class, WebSession.class);

    private final Supplier<RequestMappingHandlerMapping> controllers;

    /** @param controllers the annotated controllers' mapping, looked up on the first request that needs it */
    public UndeclaredBodyWebFilter(Supplier<RequestMappingHandlerMapping> controllers) {
        this.controllers = controllers;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (!announcesBody(headers) || isJson(headers.getFirst(HttpHeaders.CONTENT_TYPE))) {
            return chain.filter(exchange);
        }
        RequestMappingHandlerMapping mapping = controllers.get();
        if (mapping == null) {
            return chain.filter(exchange);
        }
        return operation(mapping, exchange)
                .flatMap(op -> declaresBody(op.handler()) ? Mono.<Void>empty() : Mono.error(refusal(exchange, op.pattern())))
                .then(Mono.defer(() -> chain.filter(exchange)));
    }

    /** A controller method and the path pattern it is mapped to. */
    private record Operation(HandlerMethod handler, String pattern) {
    }

    /**
     * The controller method that will answer, or empty: none (another mapping serves the path), or a
     * look-up failure (405, 404, ...) the dispatcher will report itself. The attributes the look-up
     * sets are taken off again, so the dispatcher's own look-up starts from a clean exchange.
     */
    private static Mono<Operation> operation(RequestMappingHandlerMapping mapping, ServerWebExchange exchange) {
        Map<String, Object> attributes = exchange.getAttributes();
        Set<String> before = new HashSet<>(attributes.keySet());
        return mapping.getHandlerInternal(exchange)
                .map(handler -> new Operation(handler, String.valueOf(attributes.getOrDefault(
                        HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, exchange.getRequest().getPath().value()))))
                .onErrorResume(e -> Mono.empty())
                // before the signal goes on, never after (doFinally): the rest of the chain runs
                // inside the completion and sets attributes of its own (the gateway's route URL)
                .doOnEach(signal -> attributes.keySet().retainAll(before))
                .doOnCancel(() -> attributes.keySet().retainAll(before));
    }

    static boolean announcesBody(HttpHeaders headers) {
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    /** application/json or any {@code +json} type; a missing or unparsable type is not JSON */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return "application".equalsIgnoreCase(type.getType())
                    && ("json".equalsIgnoreCase(type.getSubtype()) || "json".equalsIgnoreCase(type.getSubtypeSuffix()));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    static boolean declaresBody(HandlerMethod handler) {
        for (MethodParameter p : handler.getMethodParameters()) {
            // Mono<Principal> is resolved like Principal, Mono<Thing> bound like Thing
            Class<?> type = Publisher.class.isAssignableFrom(p.getParameterType()) ? p.nested().getNestedParameterType()
                    : p.getParameterType();
            if (p.hasParameterAnnotation(RequestBody.class) || p.hasParameterAnnotation(RequestPart.class)
                    || p.hasParameterAnnotation(ModelAttribute.class) || HttpEntity.class.isAssignableFrom(type)) {
                return true;
            }
            // a bean parameter without a binding annotation (OpenAPI's @Parameter is none) is a model
            // attribute, which WebFlux also binds from form and multipart data
            if (!hasBindingAnnotation(p) && !BeanUtils.isSimpleProperty(type)
                    && NOT_BODY_TYPES.stream().noneMatch(t -> t.isAssignableFrom(type))) {
                return true;
            }
        }
        return false;
    }

    /** @PathVariable, @RequestParam, @RequestHeader, ...: Spring's own, which say where the value comes from */
    private static boolean hasBindingAnnotation(MethodParameter p) {
        return Arrays.stream(p.getParameterAnnotations())
                .anyMatch(a -> a.annotationType().getPackageName().equals(RequestBody.class.getPackageName()));
    }

    private static ProblemException refusal(ServerWebExchange exchange, String pattern) {
        String contentType = exchange.getRequest().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        exchange.getResponse().getHeaders().setAccept(List.of(MediaType.APPLICATION_JSON));
        return new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, exchange.getRequest().getMethod() + " "
                + pattern + " takes no request body, or only application/json; got "
                + (contentType == null ? "a body without a Content-Type" : "'" + contentType + "'"),
                Map.of("supported", List.of(MediaType.APPLICATION_JSON_VALUE)));
    }

    @Override
    public int getOrder() {
        // the last of the filters: after identity and authentication (an anonymous caller learns
        // nothing about an operation), rate limits and the access log
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
