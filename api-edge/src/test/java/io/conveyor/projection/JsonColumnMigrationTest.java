package io.conveyor.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.edge.support.TestDatabaseEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Read models written before their JSON columns became {@code jsonb} (PostgreSQL) or {@code json} (H2) keep their
 * content through the migration, as JSON structures rather than JSON strings. Runs on the suite's database.
 */
class JsonColumnMigrationTest {
    private static final String LINES = "[{\"productId\":\"prd_1\",\"quantity\":2,\"unitPrice\":{\"minor\":1250}}]";
    private static final String TIMELINE = "[{\"status\":\"PLACED\",\"at\":\"2026-11-23T10:00:00Z\",\"reason\":null}]";

    @Test
    void rowsWrittenAsTextComeThroughAsJsonStructures() throws SQLException {
        boolean postgres = "postgres".equals(System.getProperty("conveyor.test.database"));
        String[] db = postgres
                ? TestDatabaseEnvironment.coordinatesOf(ensurePostgresDatabase())
                : new String[] {"jdbc:h2:mem:json-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""};
        Flyway before = flyway(db, postgres).target("3.0").load();
        before.migrate();
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]);
                Statement s = c.createStatement()) {
            s.execute("insert into order_view values ('ord_1', 'cus_1', 'PLACED', '" + LINES + "', 2500, 'EUR', null,"
                    + " null, '" + TIMELINE + "', current_timestamp, current_timestamp, 0, 1)");
            s.execute("insert into shipment_view values ('shp_1', 'ord_1', 'PENDING', '" + LINES + "',"
                    + " current_timestamp, null, null, 0)");

            flyway(db, postgres).load().migrate();

            String query = postgres
                    ? "select jsonb_typeof(o.lines_json) = 'array', o.lines_json->0->'unitPrice'->>'minor',"
                            + " o.timeline_json->0->>'status', s.lines_json->0->>'productId'"
                            + " from order_view o join shipment_view s on s.order_id = o.order_id"
                    : "select o.lines_json is json array, cast(o.lines_json as varchar),"
                            + " cast(o.timeline_json as varchar), cast(s.lines_json as varchar)"
                            + " from order_view o join shipment_view s on s.order_id = o.order_id";
            try (ResultSet rs = s.executeQuery(query)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1))
                        .as("an array, not a string holding one")
                        .isTrue();
                if (postgres) {
                    assertThat(rs.getString(2)).isEqualTo("1250");
                    assertThat(rs.getString(3)).isEqualTo("PLACED");
                    assertThat(rs.getString(4)).isEqualTo("prd_1");
                } else {
                    assertThat(rs.getString(2)).isEqualTo(LINES);
                    assertThat(rs.getString(3)).isEqualTo(TIMELINE);
                    assertThat(rs.getString(4)).isEqualTo(LINES);
                }
            }
        }
    }

    private static String ensurePostgresDatabase() throws SQLException {
        String name = Instant.now().getEpochSecond() + "_json_"
                + UUID.randomUUID().toString().substring(0, 8);
        TestDatabaseEnvironment.connectTo(name).close();
        return name;
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String[] db, boolean postgres) {
        return Flyway.configure()
                .dataSource(db[0], db[1], db[2])
                .locations("classpath:db/migration/" + (postgres ? "postgresql" : "h2"));
    }
}
