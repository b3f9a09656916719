package io.releasecontrol.gateway.apikey;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param adminKey the local stack's bootstrap admin key ({@code RC_ADMIN_API_KEY}); blank for none
 * @param cacheTtl how long a lookup (found or not) is reused before PostgreSQL is asked again (a revoke on
 *                 this instance is immediate)
 */
@ConfigurationProperties("rc.gateway.api-keys")
public record ApiKeyProperties(String adminKey, @DefaultValue("PT10S") Duration cacheTtl) {
}
