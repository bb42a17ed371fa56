package io.conveyor.edge.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;

/**
 * The settled end of the event log: the highest position at and below which no event can still appear. Readers of
 * the log never go past it, so a client that resumes after a position it was given misses nothing.
 *
 * <p>Positions come from a sequence as each event is inserted, and transactions commit in any order: position 41
 * can be visible while 40 is still being written, or was rolled back and will never exist. A missing position is a
 * <em>hole</em>. The horizon stops below a hole until the hole is settled:
 *
 * <ul>
 *   <li>on PostgreSQL, exactly: once every transaction that was running when the hole was seen has ended (compared by
 *       transaction ids, {@code pg_current_snapshot()}), the hole is permanent;
 *   <li>elsewhere (H2, one process), after {@link EventLogSettings#holeTimeout()}.
 * </ul>
 *
 * Holes more than {@link EventLogSettings#holeWindow()} positions below the newest event are settled at once, as
 * Axon's own gap tracking does.
 */
@Component
public class LogHorizon {
    /** A transaction that has drawn a position gets its transaction id an instant later: wait that long. */
    private static final Duration XID_GRACE = Duration.ofMillis(200);

    private static final int SCAN = 1_000;

    private final JdbcTemplate jdbc;
    private final EventLogSettings settings;
    private final Clock clock;
    private final boolean postgres;

    private long settled = -1;
    private Hole hole;

    @Autowired
    public LogHorizon(JdbcTemplate jdbc, DataSource dataSource, EventLogSettings settings) {
        this(jdbc, isPostgres(dataSource), settings, Clock.systemUTC());
    }

    LogHorizon(JdbcTemplate jdbc, boolean postgres, EventLogSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.postgres = postgres;
        this.settings = settings;
        this.clock = clock;
    }

    /** Advances over the positions that have settled since the last call, and returns the horizon. */
    public synchronized long settled() {
        if (settled < 0) {
            // holes further back than the window are settled anyway: start there, not at the beginning of time
            settled = Math.max(0, StoreHead.newest(jdbc) - settings.holeWindow());
        }
        while (true) {
            List<Long> next = jdbc.queryForList(
                    "select global_index from domain_event_entry where global_index > ? order by global_index"
                            + " fetch first " + SCAN + " rows only",
                    Long.class,
                    settled);
            if (next.isEmpty()) {
                return settled;
            }
            for (long position : next) {
                if (position == settled + 1 || holeSettled(settled + 1, position)) {
                    settled = position;
                    hole = null;
                } else {
                    return settled;
                }
            }
        }
    }

    private boolean holeSettled(long missing, long nextPresent) {
        if (StoreHead.newest(jdbc) - missing > settings.holeWindow()) {
            return true;
        }
        Instant now = clock.instant();
        if (hole == null || hole.missing != missing) {
            hole = new Hole(missing, now);
        }
        if (!postgres) {
            return Duration.between(hole.seen, now).compareTo(settings.holeTimeout()) >= 0;
        }
        if (hole.xidHorizon == null) {
            if (Duration.between(hole.seen, now).compareTo(XID_GRACE) < 0) {
                return false;
            }
            // every transaction that could hold the missing positions has an id below this one by now
            hole.xidHorizon = jdbc.queryForObject("select pg_snapshot_xmax(pg_current_snapshot())::text", String.class);
            return false;
        }
        return jdbc.queryForObject(
                "select pg_snapshot_xmin(pg_current_snapshot()) >= ?::xid8", Boolean.class, hole.xidHorizon);
    }

    private static boolean isPostgres(DataSource dataSource) {
        try {
            return "PostgreSQL"
                    .equals(JdbcUtils.extractDatabaseMetaData(
                            dataSource, metaData -> metaData.getDatabaseProductName()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot tell which database holds the events", e);
        }
    }

    private static final class Hole {
        final long missing;
        final Instant seen;
        String xidHorizon;

        Hole(long missing, Instant seen) {
            this.missing = missing;
            this.seen = seen;
        }
    }
}
