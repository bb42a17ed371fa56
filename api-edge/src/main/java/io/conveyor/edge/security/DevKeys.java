package io.conveyor.edge.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.UUID;

/**
 * The local development key: an RSA key pair kept as a JWK file (by default {@code data/dev-jwt-key.json}, beside the
 * embedded database), created on first use. The application verifies tokens with it when no identity provider is
 * configured, and {@code dev-token} signs tokens with it. It is a development convenience: anyone who can read the
 * file can mint any token.
 */
public final class DevKeys {
    public static final String ISSUER = "conveyor-dev";

    private final RSAKey key;

    private DevKeys(RSAKey key) {
        this.key = key;
    }

    /** The key in {@code file}, or a new one written there (atomically: two nodes starting at once share one key). */
    public static DevKeys at(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return new DevKeys(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development key " + file.toAbsolutePath(), e);
        } catch (ParseException e) {
            throw new IllegalStateException("the development key " + file.toAbsolutePath() + " is not an RSA JWK", e);
        }
    }

    private static void create(Path file) throws IOException {
        RSAKey generated;
        try {
            generated = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "dev-jwt-key", ".tmp");
        Files.writeString(temp, generated.toJSONString(), StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temp); // another process made one first: use theirs
        }
        if (Files.exists(temp)) {
            Files.deleteIfExists(temp);
        }
    }

    public RSAPublicKey publicKey() {
        try {
            return key.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed token for {@code tenant}, {@code client} and {@code scopes}, valid for {@code lifetime}. */
    public String token(String tenant, String client, Collection<String> scopes, Duration lifetime, String claim) {
        Instant now = Instant.now();
        return token(tenant, client, scopes, now, now.plus(lifetime), claim);
    }

    /** A signed token valid from {@code issuedAt} to {@code expiresAt}; {@code claim} names the tenant claim. */
    public String token(
            String tenant,
            String client,
            Collection<String> scopes,
            Instant issuedAt,
            Instant expiresAt,
            String claim) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(client)
                .claim("azp", client)
                .claim(claim, tenant)
                .claim("scope", String.join(" ", scopes))
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
        return jwt.serialize();
    }
}
