package io.conveyor.edge.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Checks a bearer token's signature once: a client sends the same token with every call until it expires, and parsing
 * it and verifying its signature was a tenth of a request thread's time under load (docs/benchmarks.md). A token seen
 * before, byte for byte, is taken from here and its claims are validated again at every use (expiry, issuer,
 * audience, tenant), so an expired token is refused as before.
 *
 * <p>A token is held for at most {@code hold}, so that a key withdrawn from the identity provider's key set stops
 * being trusted within that time, as the key set itself is cached for five minutes. At most {@code capacity} tokens
 * are held; beyond that, the expired ones are dropped and, if that is not enough, all of them. A capacity of 0
 * verifies every token.
 */
final class VerifiedTokens implements JwtDecoder {
    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> claims;
    private final int capacity;
    private final Duration hold;
    private final Clock clock;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(Jwt jwt, Instant until) {}

    /**
     * @param verifier parses a token, verifies its signature and validates its claims with {@code claims}
     * @param claims the validation applied again to a token taken from here
     */
    VerifiedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> claims, int capacity, Duration hold, Clock clock) {
        if (capacity < 0 || hold.isNegative()) {
            throw new IllegalArgumentException("capacity and hold must not be negative");
        }
        this.verifier = verifier;
        this.claims = claims;
        this.capacity = capacity;
        this.hold = hold;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        if (capacity == 0) {
            return verifier.decode(token);
        }
        Instant now = clock.instant();
        Verified known = verified.get(token);
        if (known != null) {
            if (now.isBefore(known.until()) && !claims.validate(known.jwt()).hasErrors()) {
                return known.jwt();
            }
            verified.remove(token, known);
        }
        // the verifier throws for a token that is not valid (now): it says why, and nothing is kept
        Jwt jwt = verifier.decode(token);
        Instant until = now.plus(hold);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        makeRoom(now);
        verified.put(token, new Verified(jwt, until));
        return jwt;
    }

    private void makeRoom(Instant now) {
        if (verified.size() < capacity) {
            return;
        }
        verified.values().removeIf(entry -> !now.isBefore(entry.until()));
        if (verified.size() >= capacity) {
            verified.clear();
        }
    }

    int size() {
        return verified.size();
    }
}
