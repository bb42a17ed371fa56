package io.conveyor.edge.audit;

import io.conveyor.edge.events.LogHorizon;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A hash chain per tenant over the event log: each event's chain value is SHA-256 of the previous value in its
 * tenant's chain and the event's canonical bytes ({@link StoredEvent#canonical()}), kept in {@code audit_chain}. A
 * background task extends the chains over every settled event in position order (see {@link LogHorizon}); {@link
 * #verify(String)} re-reads one tenant's events and recomputes its chain, so an auditor checks a tenant's log without
 * seeing any other. Several nodes may run the task: the one holding the lock on the chained-up-to row ({@code
 * audit_chain_head}) extends the chains, the others wait and continue from where it stopped.
 */
@Component
public class AuditChain implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);
    private static final int VERIFY_WINDOW = 1_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final LogHorizon horizon;
    private final AuditSettings settings;
    private ScheduledExecutorService executor;

    AuditChain(JdbcTemplate jdbc, TransactionTemplate transactions, LogHorizon horizon, AuditSettings settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.horizon = horizon;
        this.settings = settings;
    }

    /**
     * A tenant's chain: the position of its last chained event and the chain value there, and the position up to
     * which the whole log has been chained (events of the tenant after {@code chainedTo} are not in the chain yet).
     */
    public record Head(long position, String chainValue, long chainedTo) {}

    /** Where the chain breaks: the first position whose event or chain entry does not match. */
    public record Mismatch(long position, String eventId, String reason) {}

    /** The outcome of re-reading the store against the chain. */
    public record Verification(long checked, boolean valid, Mismatch firstMismatch, Head head) {}

    public Head head(String tenant) {
        long chainedTo = jdbc.queryForObject("select position from audit_chain_head where id = 1", Long.class);
        return tenantHead(tenant, chainedTo);
    }

    /** The tenant's chain as stored; a tenant with no chained event yet stands at the genesis value. */
    private Head tenantHead(String tenant, long chainedTo) {
        return jdbc
                .query(
                        "select position, chain_value from audit_tenant_head where tenant = ?",
                        (rs, i) -> new Head(rs.getLong(1), rs.getString(2), chainedTo),
                        tenant)
                .stream()
                .findFirst()
                .orElse(new Head(0, StoredEvent.GENESIS, chainedTo));
    }

    /** Chains the next batch of settled events, each onto its tenant's chain; returns how many it chained. */
    public int extend() {
        long until = horizon.settled();
        Integer chained = transactions.execute(status -> {
            long after =
                    jdbc.queryForObject("select position from audit_chain_head where id = 1 for update", Long.class);
            List<StoredEvent> events = jdbc.query(
                    "select " + StoredEvent.COLUMNS + " from domain_event_entry"
                            + " where global_index > ? and global_index <= ? order by global_index"
                            + " fetch first " + settings.batchSize() + " rows only",
                    (rs, i) -> StoredEvent.of(rs),
                    after,
                    until);
            if (events.isEmpty()) {
                return 0;
            }
            Map<String, String> chains = new HashMap<>();
            Map<String, Long> lastPositions = new HashMap<>();
            List<Object[]> rows = new ArrayList<>(events.size());
            for (StoredEvent event : events) {
                String chain = chains.computeIfAbsent(
                        event.tenant(), tenant -> tenantHead(tenant, after).chainValue());
                chain = event.chainAfter(chain);
                chains.put(event.tenant(), chain);
                lastPositions.put(event.tenant(), event.position());
                rows.add(new Object[] {event.position(), event.eventId(), chain, event.tenant()});
            }
            jdbc.batchUpdate(
                    "insert into audit_chain (position, event_identifier, chain_value, tenant) values (?, ?, ?, ?)",
                    rows);
            chains.forEach((tenant, chain) -> {
                long position = lastPositions.get(tenant);
                int updated = jdbc.update(
                        "update audit_tenant_head set position = ?, chain_value = ? where tenant = ?",
                        position,
                        chain,
                        tenant);
                if (updated == 0) {
                    jdbc.update(
                            "insert into audit_tenant_head (tenant, position, chain_value) values (?, ?, ?)",
                            tenant,
                            position,
                            chain);
                }
            });
            jdbc.update(
                    "update audit_chain_head set position = ? where id = 1",
                    events.get(events.size() - 1).position());
            return events.size();
        });
        return chained == null ? 0 : chained;
    }

    /**
     * Recomputes a tenant's chain from its first event up to its head, reading the store and the chain side by side a
     * window of positions at a time, and stops at the first position where they disagree.
     */
    public Verification verify(String tenant) {
        Head head = head(tenant);
        String chain = StoredEvent.GENESIS;
        long checked = 0;
        for (long low = 0; low < head.position(); low += VERIFY_WINDOW) {
            long high = Math.min(low + VERIFY_WINDOW, head.position());
            List<StoredEvent> events = jdbc.query(
                    "select " + StoredEvent.COLUMNS + " from domain_event_entry"
                            + " where tenant = ? and global_index > ? and global_index <= ? order by global_index",
                    (rs, i) -> StoredEvent.of(rs),
                    tenant,
                    low,
                    high);
            List<ChainEntry> entries = jdbc.query(
                    "select position, event_identifier, chain_value from audit_chain"
                            + " where tenant = ? and position > ? and position <= ? order by position",
                    (rs, i) -> new ChainEntry(rs.getLong(1), rs.getString(2), rs.getString(3)),
                    tenant,
                    low,
                    high);
            int e = 0;
            int c = 0;
            while (e < events.size() || c < entries.size()) {
                StoredEvent event = e < events.size() ? events.get(e) : null;
                ChainEntry entry = c < entries.size() ? entries.get(c) : null;
                if (entry == null || (event != null && event.position() < entry.position())) {
                    return broken(checked, head, event.position(), event.eventId(), "event is not in the chain");
                }
                if (event == null || entry.position() < event.position()) {
                    return broken(checked, head, entry.position(), entry.eventId(), "chained event is missing");
                }
                String expected = event.chainAfter(chain);
                if (!expected.equals(entry.chainValue()) || !event.eventId().equals(entry.eventId())) {
                    return broken(
                            checked,
                            head,
                            event.position(),
                            event.eventId(),
                            "event or chain entry changed since it was chained");
                }
                chain = expected;
                checked++;
                e++;
                c++;
            }
        }
        if (!chain.equals(head.chainValue())) {
            return broken(checked, head, head.position(), null, "chain head does not match the chain");
        }
        return new Verification(checked, true, null, head);
    }

    private static Verification broken(long checked, Head head, long position, String eventId, String reason) {
        return new Verification(checked, false, new Mismatch(position, eventId, reason), head);
    }

    private record ChainEntry(long position, String eventId, String chainValue) {}

    private void extendAll() {
        try {
            while (extend() == settings.batchSize()) {
                // a full batch: more may be waiting
            }
        } catch (RuntimeException e) {
            log.warn("could not extend the audit chain; trying again in {}", settings.chainInterval(), e);
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "audit-chain"));
        long interval = settings.chainInterval().toMillis();
        executor.scheduleWithFixedDelay(this::extendAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
