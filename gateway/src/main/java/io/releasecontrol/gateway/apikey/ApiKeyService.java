package io.releasecontrol.gateway.apikey;

import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Creates, lists, revokes and recognises API keys. Lookups are cached briefly ({@code cache-ttl})
 * so a busy bot costs no database read per request; a revoke on this instance takes effect at
 * once, on other instances within the TTL.
 */
@Service
public class ApiKeyService {

    /** Subject of the bootstrap key from {@code RC_ADMIN_API_KEY}. */
    public static final String BOOTSTRAP_SUBJECT = "bootstrap-admin";
    static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,62}$");
    static final Set<String> ROLES = Set.of(TrustedIdentity.VIEWER, TrustedIdentity.DEPLOYER, TrustedIdentity.ADMIN);
    private static final int MAX_CACHED = 10_000;
    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);

    private final ApiKeyRepository repository;
    private final ApiKeyProperties props;
    private final Clock clock;
    private final byte[] bootstrapHash;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    ApiKeyService(ApiKeyRepository repository, ApiKeyProperties props) {
        this.repository = repository;
        this.props = props;
        this.clock = Clock.systemUTC();
        String admin = props.adminKey();
        this.bootstrapHash = admin == null || admin.isBlank() ? null
                : ApiKeyHasher.sha256(admin.trim()).getBytes(StandardCharsets.US_ASCII);
        if (bootstrapHash == null) {
            log.info("no bootstrap admin API key (RC_ADMIN_API_KEY) configured");
        }
    }

    /** A key with its one-time secret, as answered to the admin who created it. */
    public record Created(ApiKey apiKey, String key) {
    }

    /** Who a key belongs to. */
    public record Caller(String name, String role) {
    }

    public Mono<Created> create(String name, String role, String createdBy) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Mono.error(ProblemException.invalid("name", "must match " + NAME.pattern()));
        }
        if (role == null || !ROLES.contains(role)) {
            return Mono.error(ProblemException.invalid("role", "must be one of viewer, deployer, admin"));
        }
        if (BOOTSTRAP_SUBJECT.equals(name)) {
            return Mono.error(ProblemException.conflict("name " + name + " is reserved for RC_ADMIN_API_KEY", Map.of()));
        }
        String key = ApiKeyHasher.newKey();
        var apiKey = new ApiKey(UUID.randomUUID(), name, role, ApiKeyHasher.displayPrefix(key), createdBy,
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), null, null);
        return repository.insert(apiKey, ApiKeyHasher.sha256(key))
                .onErrorMap(DataIntegrityViolationException.class,
                        e -> ProblemException.conflict("a live API key named " + name + " exists", Map.of("name", name)))
                .doOnNext(k -> log.info("API key {} ({}) created by {}", k.name(), k.role(), createdBy))
                .map(k -> new Created(k, key));
    }

    public Mono<ApiKeyPage> list(boolean includeRevoked, int page, int size) {
        if (page < 0) {
            return Mono.error(ProblemException.invalid("page", "must be >= 0"));
        }
        if (size < 1 || size > 200) {
            return Mono.error(ProblemException.invalid("size", "must be between 1 and 200"));
        }
        return Mono.zip(repository.page(includeRevoked, page, size).collectList(), repository.count(includeRevoked))
                .map(t -> new ApiKeyPage(t.getT1(), page, size, t.getT2()));
    }

    public Mono<ApiKey> revoke(UUID id, String by) {
        return repository.revoke(id, by, clock.instant())
                .doOnNext(k -> {
                    cache.clear();
                    log.info("API key {} ({}) revoked by {}", k.name(), k.role(), by);
                })
                .switchIfEmpty(Mono.defer(() -> repository.findById(id)
                        .flatMap(k -> Mono.<ApiKey>error(ProblemException.conflict(
                                "API key " + id + " was already revoked at " + k.revokedAt(), Map.of())))
                        .switchIfEmpty(Mono.error(ProblemException.notFound("no API key " + id)))));
    }

    /** The caller a presented key stands for; empty when it is unknown or revoked. */
    public Mono<Caller> authenticate(String presented) {
        String hash = ApiKeyHasher.sha256(presented.trim());
        if (bootstrapHash != null && MessageDigest.isEqual(bootstrapHash, hash.getBytes(StandardCharsets.US_ASCII))) {
            return Mono.just(new Caller(BOOTSTRAP_SUBJECT, TrustedIdentity.ADMIN));
        }
        Instant now = clock.instant();
        Cached cached = cache.get(hash);
        if (cached != null && cached.until.isAfter(now)) {
            return Mono.justOrEmpty(cached.caller);
        }
        return repository.findLiveByHash(hash)
                .map(k -> new Caller(k.name(), k.role()))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .doOnNext(found -> {
                    if (cache.size() >= MAX_CACHED) {
                        cache.clear();
                    }
                    cache.put(hash, new Cached(found, now.plus(props.cacheTtl())));
                })
                .flatMap(Mono::justOrEmpty);
    }

    /** A page of keys, in the list shape every collection of the API has. */
    public record ApiKeyPage(List<ApiKey> items, int page, int size, long total) {
    }

    private record Cached(Optional<Caller> caller, Instant until) {
    }
}
