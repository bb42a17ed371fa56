package io.conveyor.benchmark.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.conveyor.benchmark.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where a node keeps its data: a fresh PostgreSQL database on the server named by {@code CONVEYOR_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code CONVEYOR_PG_USER} or {@code postgres}), dropped
 * afterwards, or the embedded default (an H2 file under the node's {@code ./data}). The node migrates its own schema.
 */
final class Database implements AutoCloseable {
    final String kind;
    private final String name;
    private final String url;
    private HikariDataSource dataSource;

    private Database(String kind, String name, String url) {
        this.kind = kind;
        this.name = name;
        this.url = url;
    }

    static Database postgres() {
        String name = "conveyor_bench_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PostgresServer.admin("create database " + name);
        return new Database("postgres", name, PostgresServer.database(name));
    }

    /** The embedded default, as the README's run command starts it. */
    static Database embedded() {
        return new Database("h2", null, null);
    }

    boolean isPostgres() {
        return url != null;
    }

    /** What the node is started with, besides the configuration under test. */
    List<String> nodeArguments() {
        return isPostgres() ? List.of("--spring.profiles.active=postgres") : List.of();
    }

    Map<String, String> nodeEnvironment() {
        return isPostgres()
                ? Map.of(
                        "CONVEYOR_DB_URL",
                        url,
                        "CONVEYOR_DB_USER",
                        PostgresServer.USER,
                        "CONVEYOR_DB_PASSWORD",
                        PostgresServer.PASSWORD)
                : Map.of();
    }

    /** The benchmark's own connections to the node's database (PostgreSQL only). */
    synchronized HikariDataSource dataSource() {
        if (!isPostgres()) {
            throw new IllegalStateException("the embedded database belongs to its node");
        }
        if (dataSource == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(PostgresServer.USER);
            config.setPassword(PostgresServer.PASSWORD);
            config.setMaximumPoolSize(40);
            dataSource = new HikariDataSource(config);
        }
        return dataSource;
    }

    long count(String sql) {
        try (Connection c = dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    long events() {
        return count("select count(*) from domain_event_entry");
    }

    static String describeServer() {
        return PostgresServer.describe();
    }

    static Path scratch(String name) {
        return Path.of("benchmarks", "target", "scratch", name).toAbsolutePath();
    }

    @Override
    public void close() {
        if (dataSource != null) {
            dataSource.close();
        }
        if (isPostgres()) {
            PostgresServer.admin("drop database if exists " + name + " with (force)");
        }
    }
}
