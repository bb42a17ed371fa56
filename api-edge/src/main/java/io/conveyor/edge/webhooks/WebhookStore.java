package io.conveyor.edge.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.events.StoreHead;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Subscriptions and their deliveries in the application's database, shared by every node. Every read and change made
 * for a request names the tenant, so another tenant's ids are simply not found.
 */
@Component
class WebhookStore {
    static final String ALL_TYPES = "*";

    private static final String SUBSCRIPTION_COLUMNS = "id, tenant, url, description, event_types, secret,"
            + " previous_secret, previous_secret_until, after_position, created_at";
    private static final String DELIVERY_COLUMNS = "d.seq, d.subscription_id, d.event_id, d.event_type,"
            + " d.event_position, d.status, d.attempts, d.created_at, d.next_attempt_at, d.last_attempt_at,"
            + " d.last_status, d.last_latency_ms, d.last_error, d.delivered_at";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    WebhookStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record Subscription(
            String id,
            String tenant,
            String url,
            String description,
            List<String> eventTypes,
            String secret,
            String previousSecret,
            Instant previousSecretUntil,
            long afterPosition,
            Instant createdAt) {

        /** The secrets a delivery is signed with now: the current one, and the previous one during its grace. */
        List<String> signingSecrets(Instant now) {
            if (previousSecret != null && previousSecretUntil != null && previousSecretUntil.isAfter(now)) {
                return List.of(secret, previousSecret);
            }
            return List.of(secret);
        }
    }

    record Delivery(
            long seq,
            String subscriptionId,
            String eventId,
            String eventType,
            long eventPosition,
            String status,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            Instant lastAttemptAt,
            Integer lastStatus,
            Long lastLatencyMs,
            String lastError,
            Instant deliveredAt) {}

    /** A subscription's next delivery, with all it takes to send it. */
    record Outgoing(long seq, String eventId, int attempts, Instant nextAttemptAt, byte[] payload, Subscription to) {}

    // --- subscriptions -------------------------------------------------------------------------------------------

    /**
     * Stores a subscription that receives the events stored after now. "After now" is after the event store's newest
     * position rather than after a point in time: positions are what the webhooks processor sees, and they do not
     * depend on the clocks of the nodes that wrote the events. An event whose transaction drew a lower position but
     * commits only after this moment was written concurrently with the subscription and is not delivered.
     */
    Subscription create(
            String id, String tenant, String url, String description, List<String> types, String secret, Instant now) {
        long head = StoreHead.newest(jdbc);
        jdbc.update(
                "insert into webhook_subscription (" + SUBSCRIPTION_COLUMNS + ") values (?, ?, ?, ?, ?, ?, null, null,"
                        + " ?, ?)",
                id,
                tenant,
                url,
                description,
                write(types),
                secret,
                head,
                at(now));
        return find(tenant, id).orElseThrow();
    }

    List<Subscription> list(String tenant) {
        return jdbc.query(
                "select " + SUBSCRIPTION_COLUMNS
                        + " from webhook_subscription where tenant = ? order by created_at, id",
                this::subscriptionRow,
                tenant);
    }

    /**
     * What the outbox needs of the tenant's webhooks that were made before an event at {@code position}: their ids and
     * types. It asks once per event, so it reads nothing else.
     */
    List<Subscriber> subscribersBefore(String tenant, long position) {
        return jdbc.query(
                "select id, event_types from webhook_subscription where tenant = ? and after_position < ?",
                (rs, i) -> new Subscriber(rs.getString("id"), read(rs.getString("event_types"))),
                tenant,
                position);
    }

    /** A webhook as the outbox sees it. */
    record Subscriber(String id, List<String> eventTypes) {
        boolean wants(String type) {
            return eventTypes.contains(ALL_TYPES) || eventTypes.contains(type);
        }
    }

    Optional<Subscription> find(String tenant, String id) {
        return jdbc
                .query(
                        "select " + SUBSCRIPTION_COLUMNS + " from webhook_subscription where tenant = ? and id = ?",
                        this::subscriptionRow,
                        tenant,
                        id)
                .stream()
                .findFirst();
    }

    /** Removes the subscription and its deliveries; an attempt under way finds nothing to record. */
    boolean delete(String tenant, String id) {
        return jdbc.update("delete from webhook_subscription where tenant = ? and id = ?", tenant, id) == 1;
    }

    /** The old secret signs alongside the new one until {@code previousUntil}; a secret older than that is gone. */
    boolean rotate(String tenant, String id, String secret, Instant previousUntil) {
        return jdbc.update(
                        "update webhook_subscription set previous_secret = secret, previous_secret_until = ?,"
                                + " secret = ? where tenant = ? and id = ?",
                        at(previousUntil),
                        secret,
                        tenant,
                        id)
                == 1;
    }

    // --- the outbox ----------------------------------------------------------------------------------------------

    /**
     * Adds a delivery unless the subscription has one for the event already: the processor stores its token in the
     * same transaction, so this is a second line of defence only, written so that it never fails the transaction.
     */
    void addDelivery(Subscriber to, String eventId, String type, long position, byte[] payload, Instant now) {
        jdbc.update(
                "insert into webhook_delivery (subscription_id, event_id, event_type, event_position, payload, status,"
                        + " attempts, created_at, next_attempt_at) select ?, ?, ?, ?, ?, 'pending', 0, ?, ?"
                        + " from webhook_subscription s where s.id = ? and not exists (select 1 from webhook_delivery"
                        + " e where e.subscription_id = ? and e.event_id = ?)",
                to.id(),
                eventId,
                type,
                position,
                payload,
                at(now),
                at(now),
                to.id(),
                to.id(),
                eventId);
    }

    // --- deliveries as the API shows them --------------------------------------------------------------------------

    List<Delivery> deliveries(String subscriptionId, long afterSeq, int limit, String status) {
        List<Object> arguments = new ArrayList<>(List.of(subscriptionId, afterSeq));
        String filter = "";
        if (status != null) {
            filter = " and d.status = ?";
            arguments.add(status);
        }
        return jdbc.query(
                "select " + DELIVERY_COLUMNS + " from webhook_delivery d where d.subscription_id = ? and d.seq > ?"
                        + filter + " order by d.seq fetch first " + limit + " rows only",
                WebhookStore::delivery,
                arguments.toArray());
    }

    Optional<Delivery> delivery(String subscriptionId, String eventId) {
        return jdbc
                .query(
                        "select " + DELIVERY_COLUMNS
                                + " from webhook_delivery d where d.subscription_id = ? and d.event_id = ?",
                        WebhookStore::delivery,
                        subscriptionId,
                        eventId)
                .stream()
                .findFirst();
    }

    /**
     * Queues a delivery again with a fresh count of attempts, due now. It keeps its place: being older than the
     * subscription's pending deliveries, it goes before them.
     */
    boolean redeliver(String subscriptionId, String eventId, Instant now) {
        return jdbc.update(
                        "update webhook_delivery set status = 'pending', attempts = 0, next_attempt_at = ?,"
                                + " delivered_at = null where subscription_id = ? and event_id = ?",
                        at(now),
                        subscriptionId,
                        eventId)
                == 1;
    }

    Map<String, Long> countsByStatus() {
        return jdbc
                .query(
                        "select status, count(*) from webhook_delivery group by status",
                        (rs, i) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    // --- the worker ----------------------------------------------------------------------------------------------

    /**
     * Subscriptions whose first pending delivery is due and that no node holds, the longest waiting first. Only the
     * first pending delivery of a subscription counts: the ones behind it wait for it.
     */
    List<String> dueSubscriptions(Instant now, int limit) {
        return jdbc.queryForList(
                "select d.subscription_id from webhook_delivery d join webhook_subscription s"
                        + " on s.id = d.subscription_id where d.status = 'pending' and d.next_attempt_at <= ?"
                        + " and (s.lease_until is null or s.lease_until < ?) and not exists (select 1 from"
                        + " webhook_delivery e where e.subscription_id = d.subscription_id and e.status = 'pending'"
                        + " and e.seq < d.seq) order by d.next_attempt_at fetch first " + limit + " rows only",
                String.class,
                at(now),
                at(now));
    }

    /**
     * Takes the subscription for this node until {@code until}, if no node holds it: the row's update is atomic, so of
     * two nodes trying at once one wins. A node that died leaves its lease to run out.
     */
    boolean claim(String subscriptionId, String node, Instant now, Instant until) {
        return jdbc.update(
                        "update webhook_subscription set lease_owner = ?, lease_until = ? where id = ?"
                                + " and (lease_until is null or lease_until < ?)",
                        node,
                        at(until),
                        subscriptionId,
                        at(now))
                == 1;
    }

    void release(String subscriptionId, String node) {
        jdbc.update(
                "update webhook_subscription set lease_owner = null, lease_until = null where id = ?"
                        + " and lease_owner = ?",
                subscriptionId,
                node);
    }

    void releaseAll(String node) {
        jdbc.update(
                "update webhook_subscription set lease_owner = null, lease_until = null where lease_owner = ?", node);
    }

    Optional<Outgoing> head(String subscriptionId) {
        return jdbc
                .query(
                        "select d.seq, d.event_id, d.attempts, d.next_attempt_at, d.payload, s.id, s.tenant, s.url,"
                                + " s.description, s.event_types, s.secret, s.previous_secret, s.previous_secret_until,"
                                + " s.after_position, s.created_at from webhook_delivery d join webhook_subscription s"
                                + " on s.id = d.subscription_id where d.subscription_id = ? and d.status = 'pending'"
                                + " order by d.seq fetch first 1 rows only",
                        (rs, i) -> new Outgoing(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getInt(3),
                                instant(rs, 4),
                                rs.getBytes(5),
                                subscription(rs, 6)),
                        subscriptionId)
                .stream()
                .findFirst();
    }

    /**
     * Records an attempt's outcome, unless the delivery changed while it was under way (redelivered: its count of
     * attempts was reset; or removed with its subscription).
     */
    void recordDelivered(Outgoing sent, Instant at, int status, long latencyMs) {
        jdbc.update(
                "update webhook_delivery set status = 'delivered', attempts = attempts + 1, last_attempt_at = ?,"
                        + " last_status = ?, last_latency_ms = ?, last_error = null, next_attempt_at = null,"
                        + " delivered_at = ? where seq = ? and attempts = ?",
                at(at),
                status,
                latencyMs,
                at(at),
                sent.seq(),
                sent.attempts());
    }

    /** A failed attempt: the delivery is due again at {@code next}, or is dead when {@code next} is empty. */
    void recordFailed(Outgoing sent, Instant at, Integer status, long latencyMs, String error, Optional<Instant> next) {
        jdbc.update(
                "update webhook_delivery set status = ?, attempts = attempts + 1, last_attempt_at = ?,"
                        + " last_status = ?, last_latency_ms = ?, last_error = ?, next_attempt_at = ?"
                        + " where seq = ? and attempts = ?",
                next.isPresent() ? "pending" : "dead",
                at(at),
                status,
                latencyMs,
                error.length() > 1000 ? error.substring(0, 1000) : error,
                next.map(WebhookStore::at).orElse(null),
                sent.seq(),
                sent.attempts());
    }

    // --- mapping -------------------------------------------------------------------------------------------------

    private Subscription subscriptionRow(ResultSet rs, int row) throws SQLException {
        return subscription(rs, 1);
    }

    private Subscription subscription(ResultSet rs, int first) throws SQLException {
        return new Subscription(
                rs.getString(first),
                rs.getString(first + 1),
                rs.getString(first + 2),
                rs.getString(first + 3),
                read(rs.getString(first + 4)),
                rs.getString(first + 5),
                rs.getString(first + 6),
                instant(rs, first + 7),
                rs.getLong(first + 8),
                instant(rs, first + 9));
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        return new Delivery(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getString(6),
                rs.getInt(7),
                instant(rs, 8),
                instant(rs, 9),
                instant(rs, 10),
                (Integer) rs.getObject(11, Integer.class),
                (Long) rs.getObject(12, Long.class),
                rs.getString(13),
                instant(rs, 14));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private String write(List<String> types) {
        try {
            return json.writeValueAsString(types);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of names is always JSON", e);
        }
    }

    private List<String> read(String types) {
        try {
            return json.readValue(types, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook_subscription.event_types holds no JSON list: " + types, e);
        }
    }
}
