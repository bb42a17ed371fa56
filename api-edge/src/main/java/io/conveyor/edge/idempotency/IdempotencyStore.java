package io.conveyor.edge.idempotency;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Idempotency keys in the database, so that they hold across nodes and restarts. A key is claimed by inserting its
 * row: the primary key lets exactly one request in, whatever the number of concurrent duplicates.
 */
@Component
class IdempotencyStore {
    private final JdbcTemplate jdbc;
    private final IdempotencySettings settings;
    private final Clock clock = Clock.systemUTC();

    IdempotencyStore(JdbcTemplate jdbc, IdempotencySettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** The first response to a key, as stored. */
    record StoredResponse(int status, String headers, byte[] body) {}

    /** What a request with a key may do. */
    sealed interface Claim {}

    /** Go ahead: this request owns the key. */
    record Claimed() implements Claim {}

    /** The key's first request has finished: answer with its response. */
    record Replay(StoredResponse response) implements Claim {}

    /** The key's first request is still running. */
    record InProgress() implements Claim {}

    /** The key was used with another request. */
    record Mismatch() implements Claim {}

    Claim claim(String tenant, String key, String fingerprint) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = clock.instant();
            try {
                jdbc.update(
                        "insert into idempotency_key (tenant, idem_key, fingerprint, state, locked_until, expires_at)"
                                + " values (?, ?, ?, 'RUNNING', ?, ?)",
                        tenant,
                        key,
                        fingerprint,
                        at(now.plus(settings.lock())),
                        at(now.plus(settings.ttl())));
                return new Claimed();
            } catch (DuplicateKeyException taken) {
                List<Row> rows = jdbc.query(
                        "select fingerprint, state, locked_until, expires_at, response_status, response_headers,"
                                + " response_body from idempotency_key where tenant = ? and idem_key = ?",
                        (rs, i) -> new Row(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getObject(3, OffsetDateTime.class).toInstant(),
                                rs.getObject(4, OffsetDateTime.class).toInstant(),
                                new StoredResponse(rs.getInt(5), rs.getString(6), rs.getBytes(7))),
                        tenant,
                        key);
                if (rows.isEmpty()) {
                    continue; // released meanwhile: try again
                }
                Row row = rows.get(0);
                if (row.expiresAt().isBefore(now)) {
                    jdbc.update(
                            "delete from idempotency_key where tenant = ? and idem_key = ? and expires_at < ?",
                            tenant,
                            key,
                            at(now));
                    continue;
                }
                if (!row.fingerprint().equals(fingerprint)) {
                    return new Mismatch();
                }
                if (row.state().equals("DONE")) {
                    return new Replay(row.response());
                }
                if (row.lockedUntil().isBefore(now)
                        && jdbc.update(
                                        "update idempotency_key set locked_until = ? where tenant = ? and idem_key = ?"
                                                + " and state = 'RUNNING' and locked_until < ?",
                                        at(now.plus(settings.lock())),
                                        tenant,
                                        key,
                                        at(now))
                                == 1) {
                    return new Claimed(); // its first request was abandoned (its node died)
                }
                return new InProgress();
            }
        }
        return new InProgress();
    }

    void complete(String tenant, String key, StoredResponse response) {
        jdbc.update(
                "update idempotency_key set state = 'DONE', response_status = ?, response_headers = ?,"
                        + " response_body = ? where tenant = ? and idem_key = ?",
                response.status(),
                response.headers(),
                response.body(),
                tenant,
                key);
    }

    /** The request failed in a way a retry may fix: forget the key. */
    void release(String tenant, String key) {
        jdbc.update("delete from idempotency_key where tenant = ? and idem_key = ?", tenant, key);
    }

    /** Drops expired keys; returns how many. */
    int purgeExpired() {
        return jdbc.update("delete from idempotency_key where expires_at < ?", at(clock.instant()));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private record Row(
            String fingerprint, String state, Instant lockedUntil, Instant expiresAt, StoredResponse response) {}
}
