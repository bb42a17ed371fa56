package io.conveyor.edge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conveyor.edge.support.MovableClock;
import io.conveyor.edge.support.TestDatabaseEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The horizon never passes a position that may still appear. The table here has only the column the horizon reads;
 * positions are drawn from a sequence by the inserting transaction, as the event store draws them.
 */
class LogHorizonTest {
    private static final String TABLE = "create sequence domain_event_entry_seq start with 1 increment by 1;"
            + " create table domain_event_entry (global_index bigint not null primary key"
            + " default nextval('domain_event_entry_seq'))";

    @Test
    void without_transaction_ids_a_hole_holds_readers_back_until_its_timeout() {
        JdbcTemplate jdbc = new JdbcTemplate(
                new DriverManagerDataSource("jdbc:h2:mem:horizon-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        jdbc.execute("create table domain_event_entry (global_index bigint not null primary key)");
        MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));
        LogHorizon horizon = new LogHorizon(jdbc, false, settings(Duration.ofSeconds(1), 100), clock);

        jdbc.update("insert into domain_event_entry values (1), (2), (4)");
        assertThat(horizon.settled()).isEqualTo(2);
        clock.move(Duration.ofMillis(999));
        assertThat(horizon.settled()).as("3 may still be written").isEqualTo(2);

        clock.move(Duration.ofMillis(1));
        assertThat(horizon.settled()).isEqualTo(4);

        jdbc.update("insert into domain_event_entry values (5), (7), (300)");
        assertThat(horizon.settled())
                .as("holes far below the newest event are settled at once")
                .isEqualTo(300);
    }

    @Test
    void on_postgresql_a_hole_holds_readers_back_exactly_while_its_transaction_runs() throws SQLException {
        String name = Instant.now().getEpochSecond() + "_horizon_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection setup = TestDatabaseEnvironment.connectTo(name);
                Statement s = setup.createStatement()) {
            s.execute(TABLE);
        }
        String[] db = TestDatabaseEnvironment.coordinatesOf(name);
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db[0], db[1], db[2]));
        // a timeout this short would settle every hole at once if the horizon fell back to it
        LogHorizon horizon = new LogHorizon(jdbc, true, settings(Duration.ofMillis(1), 10_000), Clock.systemUTC());

        try (Connection writer = DriverManager.getConnection(db[0], db[1], db[2])) {
            writer.setAutoCommit(false);
            insert(writer); // position 1, not committed
            jdbc.update("insert into domain_event_entry default values"); // position 2, committed

            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> horizon.settled() == 0);
            writer.commit();
            await().atMost(Duration.ofSeconds(5)).until(() -> horizon.settled() == 2);

            insert(writer); // position 3, to be rolled back
            jdbc.update("insert into domain_event_entry default values"); // position 4
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> horizon.settled() == 2);
            writer.rollback();
            await().atMost(Duration.ofSeconds(5)).until(() -> horizon.settled() == 4);
        }
    }

    private static void insert(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("insert into domain_event_entry default values");
        }
    }

    private static EventLogSettings settings(Duration holeTimeout, long holeWindow) {
        return new EventLogSettings(100, 1000, holeTimeout, holeWindow, Duration.ofMillis(250));
    }
}
