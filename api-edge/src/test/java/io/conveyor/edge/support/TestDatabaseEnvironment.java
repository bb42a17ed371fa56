package io.conveyor.edge.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Gives every test application context on PostgreSQL a database of its own, so parallel and repeated runs never
 * collide: on the server named by {@code CONVEYOR_PG_URL} (default {@code 127.0.0.1:5432}) when one answers, else on
 * an embedded PostgreSQL started for this JVM. Contexts that must share one (a restart) name it with
 * {@code conveyor.test.database-name}. Databases are dropped when the JVM ends; ones left by a killed run are
 * dropped by the next run after a day.
 */
public class TestDatabaseEnvironment implements EnvironmentPostProcessor {
    private static final String PREFIX = "conveyor_test_";
    private static final Duration STALE = Duration.ofDays(1);
    private static final List<String> created = new ArrayList<>();
    private static Server server;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.acceptsProfiles(Profiles.of("test & postgres"))) {
            return;
        }
        Server db = server();
        String name = environment.getProperty("conveyor.test.database-name");
        String database = name != null ? PREFIX + name : PREFIX + Instant.now().getEpochSecond() + "_" + shortId();
        db.ensure(database);
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "conveyor-test-database",
                        Map.of(
                                "spring.datasource.url", db.urlOf(database),
                                "spring.datasource.username", db.user(),
                                "spring.datasource.password", db.password())));
    }

    /** A database on the test server, created now and dropped when the JVM ends: for tests that launch processes. */
    public static Connection connectTo(String name) throws SQLException {
        Server db = server();
        db.ensure(PREFIX + name);
        return DriverManager.getConnection(db.urlOf(PREFIX + name), db.user(), db.password());
    }

    /** The JDBC URL, user and password of a database made by {@link #connectTo(String)}. */
    public static String[] coordinatesOf(String name) {
        Server db = server();
        return new String[] {db.urlOf(PREFIX + name), db.user(), db.password()};
    }

    private static synchronized Server server() {
        if (server == null) {
            server = Server.find();
            server.dropStale();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.dropCreated(), "drop-test-databases"));
        }
        return server;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private record Server(String host, int port, String user, String password, EmbeddedPostgres embedded) {
        static Server find() {
            String url = System.getenv().getOrDefault("CONVEYOR_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
            String user = System.getenv().getOrDefault("CONVEYOR_PG_USER", "postgres");
            String password = System.getenv().getOrDefault("CONVEYOR_PG_PASSWORD", "");
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                return new Server(c.getMetaData().getURL().replaceFirst("/[^/]*$", ""), -1, user, password, null);
            } catch (SQLException unreachable) {
                try {
                    EmbeddedPostgres embedded = EmbeddedPostgres.start();
                    return new Server("jdbc:postgresql://localhost", embedded.getPort(), "postgres", "", embedded);
                } catch (IOException e) {
                    throw new UncheckedIOException("no PostgreSQL at " + url + " and no embedded one either", e);
                }
            }
        }

        String urlOf(String database) {
            return (port < 0 ? host : host + ":" + port) + "/" + database;
        }

        synchronized void ensure(String database) {
            if (created.contains(database)) {
                return;
            }
            execute("create database " + database);
            created.add(database);
        }

        void dropStale() {
            long cutoff = Instant.now().minus(STALE).getEpochSecond();
            List<String> stale = new ArrayList<>();
            try (Connection c = admin();
                    Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("select datname from pg_database where datname like '" + PREFIX + "%'")) {
                while (rs.next()) {
                    String[] parts = rs.getString(1).substring(PREFIX.length()).split("_");
                    if (parts[0].chars().allMatch(Character::isDigit) && Long.parseLong(parts[0]) < cutoff) {
                        stale.add(rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot list test databases", e);
            }
            stale.forEach(db -> execute("drop database if exists " + db + " with (force)"));
        }

        void dropCreated() {
            created.forEach(db -> {
                try {
                    execute("drop database if exists " + db + " with (force)");
                } catch (RuntimeException e) {
                    // the JVM is ending; the next run drops what is left once it is stale
                }
            });
        }

        private void execute(String sql) {
            try (Connection c = admin();
                    Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + " failed", e);
            }
        }

        private Connection admin() throws SQLException {
            return DriverManager.getConnection(urlOf("postgres"), user, password);
        }
    }
}
