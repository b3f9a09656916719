package io.releasecontrol.version.stats;

import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.InvalidFields;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.validation.IsoInstant;
import io.releasecontrol.version.environment.UpgradeLogRepository;
import io.releasecontrol.version.registry.VersionRepository;
import io.releasecontrol.version.web.Access;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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

    private static final String INSTANT = "must be an ISO-8601 UTC instant such as 2026-03-01T00:00:00Z (got '{rejected}')";

    private final UpgradeLogRepository upgrades;
    private final VersionRepository versions;
    private final Validator validator;

    DeliveryStatsController(UpgradeLogRepository upgrades, VersionRepository versions, Validator validator) {
        this.upgrades = upgrades;
        this.versions = versions;
        this.validator = validator;
    }

    /** The range's query parameters; {@code to} first, as its default is where {@code from}'s is counted from. */
    private record RangeQuery(@IsoInstant(message = INSTANT) String to, @IsoInstant(message = INSTANT) String from) {
    }

    /** The range [from, to) and the stats of each target with upgrade-log entries in it. */
    record Report(String application, String environment, Instant from, Instant to, List<DeliveryStats> targets) {
    }

    @GetMapping("/api/v1/stats/delivery")
    Mono<Report> delivery(@RequestParam(required = false) String application,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, ServerWebExchange exchange) {
        Access.require(exchange, TrustedIdentity.VIEWER);
        var errors = new ArrayList<>(InvalidFields.of(validator.validate(new RangeQuery(to, from))));
        Instant end = instant(to, Instant.now());
        Instant start = instant(from, end.minus(DEFAULT_RANGE));
        if (start.isAfter(end)) {
            errors.add(new FieldError("from", "must not be after 'to'"));
        }
        InvalidFields.throwIfAny(errors);
        return Mono.zip(upgrades.between(application, environment, start, end).collectList(), versions.commitTimes(application))
                .map(t -> new Report(application, environment, start, end,
                        DeliveryStats.compute(t.getT1(), t.getT2(), start, end)));
    }

    /** The instant, or the fallback when there is none or none readable (that one is reported already). */
    private static Instant instant(String text, Instant fallback) {
        try {
            return text == null ? fallback : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
