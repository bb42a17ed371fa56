package io.conveyor.edge.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.springframework.boot.autoconfigure.quartz.QuartzProperties;
import org.springframework.stereotype.Component;

/**
 * Makes sure Quartz's lock rows exist before Quartz or any handler runs, on every start, right after Flyway's
 * migrations.
 *
 * <p>Quartz creates a lock row the first time it takes the lock, and with the application's job store it takes it
 * inside the caller's transaction: a saga that schedules a deadline. When two such transactions race to create the
 * row, the loser's INSERT fails with a duplicate key. On PostgreSQL that error aborts the whole transaction, so the
 * saga's changes are lost; yet Quartz retries, takes the lock and carries on, and the deadline is stored while the
 * saga state that scheduled it is not. Rows that already exist are only ever locked, never inserted, so the race
 * cannot happen.
 */
@Component
class QuartzLockRows implements Callback {
    /** The locks Quartz's JDBC job store takes (trigger access for every change, state access for clustering). */
    private static final List<String> LOCKS = List.of("TRIGGER_ACCESS", "STATE_ACCESS");

    private final String schedulerName;

    /** Boot names the scheduler after its bean unless told otherwise; the properties hold the name it uses. */
    QuartzLockRows(QuartzProperties quartz) {
        this.schedulerName = quartz.getSchedulerName() != null ? quartz.getSchedulerName() : "quartzScheduler";
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        Connection connection = context.getConnection();
        try {
            boolean postgres = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
            String insert = postgres
                    ? "insert into qrtz_locks (sched_name, lock_name) values (?, ?) on conflict do nothing"
                    : "merge into qrtz_locks (sched_name, lock_name) key (sched_name, lock_name) values (?, ?)";
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                for (String lock : LOCKS) {
                    statement.setString(1, schedulerName);
                    statement.setString(2, lock);
                    statement.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create Quartz's lock rows for " + schedulerName, e);
        }
    }

    @Override
    public String getCallbackName() {
        return "quartz-lock-rows";
    }
}
