package io.releasecontrol.version.stats;

import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.version.environment.UpgradeLogRepository;
import io.releasecontrol.version.registry.VersionRepository;
import io.releasecontrol.version.web.Access;
import io.releasecontrol.version.web.FieldErrors;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

@RestController
class DeliveryStatsController {

    /** Without {@code from}, the range is the last 30 days. */
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);

    private final UpgradeLogRepository upgrades;
    private final VersionRepository versions;

    DeliveryStatsController(UpgradeLogRepository upgrades, VersionRepository versions) {
        this.upgrades = upgrades;
        this.versions = versions;
    }

    /** The range [from, to) and the stats of each target with upgrade-log entries in it. */
    record Report(String application, String environment, Instant from, Instant to, List<DeliveryStats> targets) {
    }

    @GetMapping("/api/v1/stats/delivery")
    Mono<Report> delivery(@RequestParam(required = false) String application,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.VIEWER);
        var errors = new FieldErrors();
        Instant end = instant(to, "to", errors, Instant.now());
        Instant start = instant(from, "from", errors, end.minus(DEFAULT_RANGE));
        errors.check(!start.isAfter(end), "from", "must not be after 'to'");
        errors.throwIfAny();
        return Mono.zip(upgrades.between(application, environment, start, end).collectList(), versions.commitTimes(application))
                .map(t -> new Report(application, environment, start, end,
                        DeliveryStats.compute(t.getT1(), t.getT2(), start, end)));
    }

    private static Instant instant(String text, String field, FieldErrors errors, Instant fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(field, "must be an ISO-8601 UTC instant such as 2026-03-01T00:00:00Z (got '" + text + "')");
            return fallback;
        }
    }
}
