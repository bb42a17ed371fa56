package io.conveyor.edge.carrier;

import io.conveyor.edge.housekeeping.NowAndThen;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reports each carrier sent, by {@code webhook-id}: a report is acted on once. The receipt is written in the
 * transaction of the command it causes, so either both are stored or neither is, and a carrier that retries after a
 * failure is not turned away.
 */
@Component
class CarrierReceipts {
    /** One report in this many purges the expired receipts. */
    private final NowAndThen purge = NowAndThen.oneIn(200);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final CarrierSettings settings;
    private final Clock clock = Clock.systemUTC();

    CarrierReceipts(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, CarrierSettings settings) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.settings = settings;
    }

    /**
     * Runs {@code effect} unless this carrier's report with this id was acted on before.
     *
     * @return whether it ran; false for a repeat
     */
    boolean once(String carrier, String webhookId, String shipmentId, Runnable effect) {
        purge.maybe(this::purgeExpired);
        try {
            Boolean ran = transactions.execute(status -> {
                if (seen(carrier, webhookId)) {
                    return false;
                }
                jdbc.update(
                        "insert into carrier_receipt (carrier, webhook_id, shipment_id, received_at) values (?, ?, ?, ?)",
                        carrier,
                        webhookId,
                        shipmentId,
                        Timestamp.from(Instant.now(clock)));
                effect.run();
                return true;
            });
            return Boolean.TRUE.equals(ran);
        } catch (DuplicateKeyException concurrentRepeat) {
            return false; // the same report arrived twice at once: the other one acted on it
        }
    }

    private boolean seen(String carrier, String webhookId) {
        Integer count = jdbc.queryForObject(
                "select count(*) from carrier_receipt where carrier = ? and webhook_id = ?",
                Integer.class,
                carrier,
                webhookId);
        return count != null && count > 0;
    }

    private void purgeExpired() {
        jdbc.update(
                "delete from carrier_receipt where received_at < ?",
                Timestamp.from(Instant.now(clock).minus(settings.receiptRetention())));
    }
}
