package io.conveyor.edge.security;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the API. Tokens are JWTs: in production signed by an identity provider whose keys are read from
 * {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}; without that, by the local development key.
 *
 * @param tenantClaim the claim that names the caller's tenant; a token without it is refused
 * @param clientClaims the claims tried in order for the caller's client id (rate limits are per tenant and client)
 * @param issuer when set, tokens must carry this {@code iss}
 * @param audience when set, tokens must list this in {@code aud}
 * @param devKey where the local development key lives (created on first use); used only without a JWK set URL
 * @param dashboardDevTokens whether the dashboard may hand a development token to a browser on this machine; only
 *     ever with the development key, never with a JWK set URL
 * @param verifiedTokens how many tokens are kept once their signature was verified, each for at most five minutes
 *     and never past its expiry, so that a client's token is verified once rather than at every call; 0 verifies
 *     every call's token
 */
@ConfigurationProperties("conveyor.security")
public record SecuritySettings(
        @DefaultValue("tenant") String tenantClaim,
        @DefaultValue({"azp", "client_id", "sub"}) java.util.List<String> clientClaims,
        String issuer,
        String audience,
        @DefaultValue("data/dev-jwt-key.json") Path devKey,
        @DefaultValue("true") boolean dashboardDevTokens,
        @DefaultValue("10000") int verifiedTokens) {}
