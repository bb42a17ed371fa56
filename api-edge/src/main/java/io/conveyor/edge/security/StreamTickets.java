package io.conveyor.edge.security;

import io.conveyor.edge.housekeeping.NowAndThen;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Short-lived, single-use tickets that open one server-sent event stream without a bearer token, for browsers: an
 * {@code EventSource} cannot send headers, and a long-lived token in a URL would end up in logs and histories. A
 * ticket is bound to the tenant, client and stream path it was issued for, and carries only the scopes that path
 * needs. Tickets live in the database (hashed), so any node of a cluster redeems what another issued.
 */
@Component
class StreamTickets {
    /** A stream path: {@code /api/.../stream}, nothing else. */
    private static final Pattern STREAM_PATH = Pattern.compile("/api(/[A-Za-z0-9._~-]{1,100}){0,4}/stream");

    /** One issue in this many also drops the tickets nobody presented. */
    private final NowAndThen purge = NowAndThen.oneIn(50);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final StreamTicketSettings settings;
    private final Clock clock = Clock.systemUTC();

    StreamTickets(JdbcTemplate jdbc, StreamTicketSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** A ticket as handed out: presented once, as {@code ?ticket=}, on a GET of {@code path} before {@code expiresAt}. */
    record Issued(String ticket, String path, Instant expiresAt) {}

    /** What a redeemed ticket stands for. */
    record Holder(String tenant, String client, List<String> scopes, Instant expiresAt) {}

    /** Whether {@code path} is a stream a ticket can be issued for. */
    static boolean isStreamPath(String path) {
        return path != null
                && !path.contains("/.") // no dot segments: the path is compared as sent
                && STREAM_PATH.matcher(path).matches()
                && ScopeRules.scopesFor(HttpMethod.GET, path).isPresent();
    }

    /** The scopes a ticket for {@code path} carries: the ones the stream needs, no more. */
    static List<String> scopesFor(String path) {
        return ScopeRules.scopesFor(HttpMethod.GET, path).orElseThrow();
    }

    Issued issue(String tenant, String client, String path) {
        purge.maybe(this::purgeExpired);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String ticket = "stk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expiresAt = clock.instant().plus(settings.ttl());
        jdbc.update(
                "insert into stream_ticket (ticket_hash, tenant, client, scopes, path, expires_at)"
                        + " values (?, ?, ?, ?, ?, ?)",
                hash(ticket),
                tenant,
                client.length() > 255 ? client.substring(0, 255) : client,
                String.join(" ", scopesFor(path)),
                path,
                at(expiresAt));
        return new Issued(ticket, path, expiresAt);
    }

    /**
     * Uses up {@code ticket}: whatever the outcome, it cannot be presented again. Answers its holder when it was
     * issued for {@code path} and has not expired.
     */
    Optional<Holder> redeem(String ticket, String path) {
        String hash = hash(ticket);
        List<Row> rows = jdbc.query(
                "select tenant, client, scopes, path, expires_at from stream_ticket where ticket_hash = ?",
                (rs, i) -> new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()),
                hash);
        // the delete decides who used it: of two requests presenting one ticket at once, one deletes the row
        if (rows.isEmpty() || jdbc.update("delete from stream_ticket where ticket_hash = ?", hash) != 1) {
            return Optional.empty();
        }
        Row row = rows.get(0);
        if (!row.expiresAt().isAfter(clock.instant()) || !row.path().equals(path)) {
            return Optional.empty();
        }
        List<String> scopes =
                Arrays.stream(row.scopes().split(" ")).filter(s -> !s.isBlank()).toList();
        return Optional.of(new Holder(row.tenant(), row.client(), scopes, row.expiresAt()));
    }

    /** Drops expired tickets; returns how many. */
    int purgeExpired() {
        return jdbc.update("delete from stream_ticket where expires_at < ?", at(clock.instant()));
    }

    static String hash(String ticket) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private record Row(String tenant, String client, String scopes, String path, Instant expiresAt) {}
}
