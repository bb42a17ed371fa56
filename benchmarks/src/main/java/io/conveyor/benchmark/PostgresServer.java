package io.conveyor.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server the benchmarks create their databases on: {@code CONVEYOR_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}), user {@code CONVEYOR_PG_USER} or {@code postgres}.
 */
public final class PostgresServer {
    public static final String URL =
            System.getenv().getOrDefault("CONVEYOR_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    public static final String USER = System.getenv().getOrDefault("CONVEYOR_PG_USER", "postgres");
    public static final String PASSWORD = System.getenv().getOrDefault("CONVEYOR_PG_PASSWORD", "");

    private PostgresServer() {}

    /** The URL of database {@code name} on the server. */
    public static String database(String name) {
        return URL.replaceFirst("/[^/]*$", "/" + name);
    }

    /** Runs one statement on the server's own database (create or drop a database). */
    public static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + URL, e);
        }
    }

    /** Product and version, for a report; says so when no server answers. */
    public static String describe() {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            return c.getMetaData().getDatabaseProductName() + " "
                    + c.getMetaData().getDatabaseProductVersion() + " at " + URL.replaceFirst("/[^/]*$", "");
        } catch (SQLException e) {
            return "no PostgreSQL at " + URL;
        }
    }
}
