package io.releasecontrol.gateway.apikey;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * API keys for bots, admins only (the gateway's security requires {@code admin} on /api/v1/admin/**).
 * The caller ({@code principal}) is injected, not a parameter: hidden from the OpenAPI document.
 */
@Tag(name = "api-keys", description = "API keys for bots (admin)")
@RestController
@RequestMapping("/api/v1/admin/api-keys")
class ApiKeyAdminController {

    private final ApiKeyService keys;

    ApiKeyAdminController(ApiKeyService keys) {
        this.keys = keys;
    }

    record CreateRequest(String name, String role) {
    }

    /** The key is in this answer only; the gateway keeps just its SHA-256. */
    record CreatedResponse(UUID id, String name, String role, String prefix, String createdBy, Instant createdAt,
                           String key) {
    }

    @Operation(summary = "Create an API key; the key is shown once, in this response")
    @PostMapping
    Mono<ResponseEntity<CreatedResponse>> create(@RequestBody CreateRequest request,
            @Parameter(hidden = true) Mono<Principal> principal) {
        return principal.map(Principal::getName)
                .flatMap(by -> keys.create(request.name(), request.role(), by))
                .map(c -> {
                    var k = c.apiKey();
                    return ResponseEntity.created(URI.create("/api/v1/admin/api-keys/" + k.id()))
                            .body(new CreatedResponse(k.id(), k.name(), k.role(), k.prefix(), k.createdBy(), k.createdAt(), c.key()));
                });
    }

    @Operation(summary = "List API keys (never the keys themselves)")
    @GetMapping
    Mono<ApiKeyService.ApiKeyPage> list(@RequestParam(defaultValue = "false") boolean includeRevoked,
                                        @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "50") int size) {
        return keys.list(includeRevoked, page, size);
    }

    @Operation(summary = "Revoke an API key; it is refused from then on")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> revoke(@PathVariable UUID id, @Parameter(hidden = true) Mono<Principal> principal) {
        return principal.map(Principal::getName).flatMap(by -> keys.revoke(id, by)).then();
    }
}
