package io.conveyor.edge.deadletter;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One retry at a time per processor, across the cluster. Axon claims a letter by writing to its row, but the claim
 * commits only with the retry's outcome, so another node would not see it and could take the same letter again right
 * after. On PostgreSQL a transaction-scoped advisory lock per processor keeps the nodes apart; on H2 (one process) a
 * lock in the JVM does. Retries are rare, so taking turns per processor costs nothing that matters.
 */
@Component
class RetryLocks {
    /** The first key of the advisory lock pair: this application's dead-letter retries. */
    private static final int DEAD_LETTER_RETRIES = 0x0dead1e7;

    private final Map<String, ReentrantLock> local = new ConcurrentHashMap<>();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final boolean postgres;

    RetryLocks(JdbcTemplate jdbc, PlatformTransactionManager transactions, DataSource dataSource) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.postgres = isPostgres(dataSource);
    }

    /** Runs the work holding the processor's lock if it is free at once; empty if another retry holds it. */
    <T> Optional<T> ifFree(String processor, Supplier<T> work) {
        ReentrantLock lock = local.computeIfAbsent(processor, p -> new ReentrantLock());
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            return transaction.execute(
                    status -> lockInDatabase(processor, false) ? Optional.ofNullable(work.get()) : Optional.<T>empty());
        } finally {
            lock.unlock();
        }
    }

    /** Runs the work holding the processor's lock, waiting for a retry that holds it to finish. */
    <T> T waitingFor(String processor, Supplier<T> work) {
        ReentrantLock lock = local.computeIfAbsent(processor, p -> new ReentrantLock());
        lock.lock();
        try {
            return transaction.execute(status -> {
                lockInDatabase(processor, true);
                return work.get();
            });
        } finally {
            lock.unlock();
        }
    }

    private boolean lockInDatabase(String processor, boolean wait) {
        if (!postgres) {
            return true;
        }
        if (wait) {
            jdbc.query(
                    "select pg_advisory_xact_lock(?, hashtext(?))",
                    (ResultSetExtractor<Void>) rs -> null,
                    DEAD_LETTER_RETRIES,
                    processor);
            return true;
        }
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select pg_try_advisory_xact_lock(?, hashtext(?))", Boolean.class, DEAD_LETTER_RETRIES, processor));
    }

    private static boolean isPostgres(DataSource dataSource) {
        try {
            return "PostgreSQL"
                    .equals(JdbcUtils.extractDatabaseMetaData(
                            dataSource, metaData -> metaData.getDatabaseProductName()));
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }
}
