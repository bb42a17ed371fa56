package io.conveyor.edge.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conveyor.edge.signing.StandardWebhooks.InvalidSignatureException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {
    // the specification's published example: a receiver library that accepts it accepts what we send
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330;
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    static final Instant THEN = Instant.ofEpochSecond(TIMESTAMP);
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Test
    void signs_the_specification_example_as_published() {
        assertThat(StandardWebhooks.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void accepts_the_specification_example() {
        StandardWebhooks.verify(List.of(SECRET), ID, "1614265330", SIGNATURE, BODY, THEN, TOLERANCE);
    }

    @Test
    void accepts_any_one_matching_signature_of_several_and_any_one_of_the_receivers_secrets() {
        String other = StandardWebhooks.newSecret();
        String both = StandardWebhooks.sign(List.of(other, SECRET), ID, TIMESTAMP, BODY);
        assertThat(both.split(" ")).hasSize(2).contains(SIGNATURE);

        StandardWebhooks.verify(List.of(SECRET), ID, "1614265330", "v1,bm9wZQ== " + SIGNATURE, BODY, THEN, TOLERANCE);
        StandardWebhooks.verify(List.of(other, SECRET), ID, "1614265330", SIGNATURE, BODY, THEN, TOLERANCE);
    }

    @Test
    void refuses_a_changed_body_id_or_timestamp() {
        byte[] changed = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertRefused(
                () -> StandardWebhooks.verify(List.of(SECRET), ID, "1614265330", SIGNATURE, changed, THEN, TOLERANCE),
                "no v1 signature");
        assertRefused(
                () -> StandardWebhooks.verify(
                        List.of(SECRET), ID + "x", "1614265330", SIGNATURE, BODY, THEN, TOLERANCE),
                "no v1 signature");
        assertRefused(
                () -> StandardWebhooks.verify(List.of(SECRET), ID, "1614265331", SIGNATURE, BODY, THEN, TOLERANCE),
                "no v1 signature");
    }

    @Test
    void refuses_a_signature_made_with_another_secret_or_another_scheme() {
        assertRefused(
                () -> StandardWebhooks.verify(
                        List.of(StandardWebhooks.newSecret()), ID, "1614265330", SIGNATURE, BODY, THEN, TOLERANCE),
                "no v1 signature");
        assertRefused(
                () -> StandardWebhooks.verify(
                        List.of(SECRET), ID, "1614265330", SIGNATURE.replace("v1,", "v1a,"), BODY, THEN, TOLERANCE),
                "no v1 signature");
        assertRefused(
                () -> StandardWebhooks.verify(
                        List.of(SECRET), ID, "1614265330", "v1,not base64!", BODY, THEN, TOLERANCE),
                "no v1 signature");
    }

    @Test
    void refuses_a_timestamp_outside_the_tolerance_either_way() {
        assertRefused(
                () -> StandardWebhooks.verify(
                        List.of(SECRET), ID, "1614265330", SIGNATURE, BODY, THEN.plusSeconds(301), TOLERANCE),
                "300 s");
        assertRefused(
                () -> StandardWebhooks.verify(
                        List.of(SECRET), ID, "1614265330", SIGNATURE, BODY, THEN.minusSeconds(301), TOLERANCE),
                "300 s");
        StandardWebhooks.verify(List.of(SECRET), ID, "1614265330", SIGNATURE, BODY, THEN.plusSeconds(300), TOLERANCE);
        assertRefused(
                () -> StandardWebhooks.verify(List.of(SECRET), ID, "yesterday", SIGNATURE, BODY, THEN, TOLERANCE),
                "seconds since the epoch");
    }

    @Test
    void refuses_missing_headers() {
        assertRefused(
                () -> StandardWebhooks.verify(List.of(SECRET), null, "1614265330", SIGNATURE, BODY, THEN, TOLERANCE),
                "are all required");
        assertRefused(
                () -> StandardWebhooks.verify(List.of(SECRET), ID, " ", SIGNATURE, BODY, THEN, TOLERANCE),
                "are all required");
        assertRefused(
                () -> StandardWebhooks.verify(List.of(SECRET), ID, "1614265330", null, BODY, THEN, TOLERANCE),
                "are all required");
    }

    @Test
    void new_secrets_are_random_whsec_keys_of_32_bytes() {
        String one = StandardWebhooks.newSecret();
        assertThat(one).startsWith("whsec_").isNotEqualTo(StandardWebhooks.newSecret());
        assertThat(StandardWebhooks.isSecret(one)).isTrue();
        assertThat(java.util.Base64.getDecoder().decode(one.substring(6))).hasSize(32);
        assertThat(StandardWebhooks.isSecret("whsec_short")).isFalse();
        assertThat(StandardWebhooks.isSecret("whsec_%%%")).isFalse();
    }

    private static void assertRefused(Runnable verification, String why) {
        assertThatThrownBy(verification::run)
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining(why);
    }
}
