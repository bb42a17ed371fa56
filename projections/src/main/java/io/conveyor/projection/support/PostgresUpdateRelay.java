package io.conveyor.projection.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Relays live updates between nodes with PostgreSQL's LISTEN/NOTIFY. A notification is sent inside the projection's
 * transaction, so the other nodes hear of a change exactly when it commits, never for one that rolled back. Every
 * node listens on one dedicated connection and hands what it hears to its own subscribers. Updates larger than a
 * notification can carry (8000 bytes) stay on their own node.
 */
@Component
@ConditionalOnProperty(name = "conveyor.live-updates.relay", havingValue = "postgres")
class PostgresUpdateRelay implements UpdateRelay, SmartLifecycle {
    static final String CHANNEL = "conveyor_live_updates";
    private static final int MAX_PAYLOAD = 7900;
    private static final Logger log = LoggerFactory.getLogger(PostgresUpdateRelay.class);
    private static final ObjectMapper JSON = JsonColumn.mapper();

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final LiveUpdates local;
    private final String node = UUID.randomUUID().toString();
    private volatile boolean running;
    private Thread listener;

    PostgresUpdateRelay(JdbcTemplate jdbc, DataSource dataSource, LiveUpdates local) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.local = local;
    }

    @Override
    public <Q, U> void publish(Class<Q> queryType, List<Q> queries, U update) {
        ObjectNode message = JSON.createObjectNode();
        message.put("queryType", queryType.getName());
        ArrayNode matching = message.putArray("queries");
        queries.forEach(q -> matching.add(JSON.valueToTree(q)));
        message.put("updateType", update.getClass().getName());
        message.set("update", JSON.valueToTree(update));
        String payload = message.toString();
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
            log.warn(
                    "live update for {} too large to relay ({} bytes); only this node's subscribers get it",
                    queryType.getSimpleName(),
                    payload.length());
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            relayAll(List.of(payload));
            return;
        }
        // one notification per transaction (or per MAX_PAYLOAD of updates) instead of one per update: a batch of
        // events handled in one transaction made a round trip each
        @SuppressWarnings("unchecked")
        List<String> pending = (List<String>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            List<String> batch = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(this, batch);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    relayAll(batch);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(PostgresUpdateRelay.this);
                }
            });
            pending = batch;
        }
        pending.add(payload);
    }

    /** Sends the updates in as few notifications as fit; PostgreSQL delivers them when the transaction commits. */
    private void relayAll(List<String> updates) {
        StringBuilder batch = new StringBuilder();
        int bytes = 0;
        for (String update : updates) {
            int size = update.getBytes(StandardCharsets.UTF_8).length + 1;
            if (batch.length() > 0 && bytes + size > MAX_PAYLOAD) {
                send(batch);
                batch.setLength(0);
                bytes = 0;
            }
            batch.append(batch.length() == 0 ? "" : ",").append(update);
            bytes += size;
        }
        if (batch.length() > 0) {
            send(batch);
        }
    }

    private void send(StringBuilder updates) {
        String payload = "{\"node\":\"" + node + "\",\"updates\":[" + updates + "]}";
        jdbc.queryForObject("select pg_notify(?, ?)::text", String.class, CHANNEL, payload);
    }

    @Override
    public void start() {
        running = true;
        listener = new Thread(this::listen, "live-update-listener");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            deliver(n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("live-update listener lost its connection; reconnecting", e);
                }
            }
        }
    }

    private void deliver(String payload) {
        try {
            JsonNode message = JSON.readTree(payload);
            if (node.equals(message.path("node").asText())) {
                return; // this node's own subscribers had them when they were emitted
            }
            for (JsonNode update : message.path("updates")) {
                deliverOne(update);
            }
        } catch (Exception e) {
            log.warn("could not deliver relayed live updates", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void deliverOne(JsonNode message) throws Exception {
        Class queryType = Class.forName(message.path("queryType").asText());
        List queries = new ArrayList<>();
        for (JsonNode q : message.path("queries")) {
            queries.add(JSON.treeToValue(q, queryType));
        }
        Object update = JSON.treeToValue(
                message.path("update"), Class.forName(message.path("updateType").asText()));
        local.emitLocally(queryType, queries, update);
    }
}
