package io.conveyor.edge.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures as the <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> specification has them, so that
 * a receiver's existing library verifies what Conveyor sends, and a sender's signs what Conveyor accepts. The signed
 * content is {@code <webhook-id>.<webhook-timestamp>.<body>}; the signature is {@code v1,<base64 HMAC-SHA256>} keyed
 * with the bytes a {@code whsec_<base64>} secret encodes. A header may carry several signatures, separated by spaces
 * (one per secret while a secret is being rotated); one that matches is enough.
 */
public final class StandardWebhooks {
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private StandardWebhooks() {}

    /** A new secret: 32 random bytes, {@code whsec_} and their base64. */
    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Whether a text is a secret this class can sign with: {@code whsec_} and at least 16 bytes of base64. */
    public static boolean isSecret(String secret) {
        try {
            return key(secret).length >= 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The {@code webhook-signature} value for one message: {@code v1,<base64>}. */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(mac(key(secret), id, timestamp, body));
    }

    /** The same for several secrets, space-separated: a receiver holding either of them accepts the message. */
    public static String sign(List<String> secrets, String id, long timestamp, byte[] body) {
        return String.join(
                " ",
                secrets.stream()
                        .map(secret -> sign(secret, id, timestamp, body))
                        .toList());
    }

    /**
     * Checks a received message against the secrets the receiver holds (several while one is rotated).
     *
     * @throws InvalidSignatureException naming what is wrong: a missing header, a timestamp that is not a number or is
     *     further than {@code tolerance} from {@code now} either way, or no signature made with any of the secrets
     */
    public static void verify(
            List<String> secrets,
            String id,
            String timestamp,
            String signatureHeader,
            byte[] body,
            Instant now,
            Duration tolerance) {
        if (blank(id) || blank(timestamp) || blank(signatureHeader)) {
            throw new InvalidSignatureException(
                    "the headers webhook-id, webhook-timestamp and webhook-signature are" + " all required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSignatureException("webhook-timestamp must be seconds since the epoch");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            throw new InvalidSignatureException(
                    "webhook-timestamp is more than " + tolerance.toSeconds() + " s away from the receiver's clock");
        }
        for (String secret : secrets) {
            byte[] expected = mac(key(secret), id, seconds, body);
            for (String candidate : signatureHeader.trim().split(" +")) {
                if (matches(candidate, expected)) {
                    return;
                }
            }
        }
        throw new InvalidSignatureException("no v1 signature in webhook-signature matches the message");
    }

    private static boolean matches(String candidate, byte[] expected) {
        int comma = candidate.indexOf(',');
        if (comma < 0 || !VERSION.equals(candidate.substring(0, comma))) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(candidate.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, expected); // constant time: no timing oracle for forgers
    }

    private static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    private static byte[] mac(byte[] key, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** A message that does not carry a valid signature; the message says why, for the sender to fix. */
    public static final class InvalidSignatureException extends RuntimeException {
        public InvalidSignatureException(String message) {
            super(message);
        }
    }
}
