package io.conveyor.edge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conveyor.edge.support.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class VerifiedTokensTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration HOLD = Duration.ofMinutes(5);

    private final MovableClock clock = new MovableClock(T0);
    /** a token's issue time: when it was first verified */
    private final Map<String, Instant> firstSeen = new HashMap<>();

    private final JwtTimestampValidator expiry = expiry(clock);
    private final Verifier verifier = new Verifier(expiry);

    @Test
    void a_token_used_again_is_verified_once_and_gives_the_same_claims() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, expiry, 10, HOLD, clock);

        Jwt first = tokens.decode("a.1h");
        clock.move(Duration.ofSeconds(30));
        Jwt second = tokens.decode("a.1h");
        Jwt other = tokens.decode("b.1h");

        assertThat(second).isSameAs(first);
        assertThat(other.getSubject()).isEqualTo("b.1h");
        assertThat(verifier.verified).containsExactly("a.1h", "b.1h");
    }

    @Test
    void a_token_that_expired_after_it_was_verified_is_refused_as_the_verifier_refuses_it() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, expiry, 10, HOLD, clock);
        tokens.decode("a.2m");

        // past the expiry and the validator's minute of clock skew, within the hold
        clock.move(Duration.ofMinutes(3).plusSeconds(1));

        assertThatThrownBy(() -> tokens.decode("a.2m"))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(verifier.verified).containsExactly("a.2m", "a.2m");
        assertThat(tokens.size()).isZero();
    }

    @Test
    void a_token_is_verified_again_once_its_hold_has_passed() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, expiry, 10, HOLD, clock);
        tokens.decode("a.1h");

        clock.move(HOLD.minusSeconds(1));
        tokens.decode("a.1h");
        assertThat(verifier.verified).hasSize(1);

        clock.move(Duration.ofSeconds(1));
        tokens.decode("a.1h");
        assertThat(verifier.verified).hasSize(2);
    }

    @Test
    void a_token_the_verifier_refuses_is_not_kept() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, expiry, 10, HOLD, clock);

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> tokens.decode("forged.1h")).isInstanceOf(BadJwtException.class);
        }
        assertThat(verifier.verified).containsExactly("forged.1h", "forged.1h");
        assertThat(tokens.size()).isZero();
    }

    @Test
    void no_more_than_the_capacity_is_kept_and_expired_tokens_go_first() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, expiry, 3, HOLD, clock);
        tokens.decode("short.1m");
        tokens.decode("a.1h");
        tokens.decode("b.1h");
        clock.move(Duration.ofMinutes(2));

        tokens.decode("c.1h"); // full: the expired one makes room
        assertThat(tokens.size()).isEqualTo(3);
        tokens.decode("a.1h");
        assertThat(verifier.verified).containsExactly("short.1m", "a.1h", "b.1h", "c.1h");

        tokens.decode("d.1h"); // full of valid tokens: all of them go
        assertThat(tokens.size()).isEqualTo(1);
        tokens.decode("a.1h");
        assertThat(verifier.verified).endsWith("d.1h", "a.1h");
    }

    @Test
    void a_capacity_of_zero_verifies_every_call() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, expiry, 0, HOLD, clock);

        tokens.decode("a.1h");
        tokens.decode("a.1h");

        assertThat(verifier.verified).containsExactly("a.1h", "a.1h");
        assertThat(tokens.size()).isZero();
    }

    private static JwtTimestampValidator expiry(Clock clock) {
        JwtTimestampValidator validator = new JwtTimestampValidator();
        validator.setClock(clock);
        return validator;
    }

    /**
     * Stands for the signature check: a token {@code subject.lifetime} ({@code 1h}, {@code 2m}) is issued when first
     * verified and valid for that lifetime, checked by the same claims validation; {@code forged} fails its signature.
     */
    private final class Verifier implements JwtDecoder {
        final List<String> verified = new ArrayList<>();
        private final OAuth2TokenValidator<Jwt> claims;

        Verifier(OAuth2TokenValidator<Jwt> claims) {
            this.claims = claims;
        }

        @Override
        public Jwt decode(String token) {
            verified.add(token);
            String[] parts = token.split("\\.");
            if (parts[0].equals("forged")) {
                throw new BadJwtException("the signature does not match");
            }
            Duration lifetime = Duration.parse("PT" + parts[1].toUpperCase());
            Instant issuedAt = firstSeen.computeIfAbsent(token, t -> clock.instant());
            Jwt jwt = Jwt.withTokenValue(token)
                    .header("alg", "RS256")
                    .subject(token)
                    .issuedAt(issuedAt)
                    .expiresAt(issuedAt.plus(lifetime))
                    .build();
            var result = claims.validate(jwt);
            if (result.hasErrors()) {
                throw new JwtValidationException(
                        result.getErrors().iterator().next().getDescription(), result.getErrors());
            }
            return jwt;
        }
    }
}
