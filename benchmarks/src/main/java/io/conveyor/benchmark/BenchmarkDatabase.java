package io.conveyor.benchmark;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * A fresh database with Conveyor's schema for one measurement: on the PostgreSQL server named by
 * {@code CONVEYOR_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code CONVEYOR_PG_USER}
 * or {@code postgres}), or in memory on H2. Dropped when closed.
 */
final class BenchmarkDatabase implements AutoCloseable {
    enum Vendor {
        POSTGRES("postgresql"),
        H2("h2");

        final String migrations;

        Vendor(String migrations) {
            this.migrations = migrations;
        }
    }

    final Vendor vendor;
    final HikariDataSource dataSource;
    private final String name;

    private BenchmarkDatabase(Vendor vendor, String name, String url, String user, String password, int pool) {
        this.vendor = vendor;
        this.name = name;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(pool);
        config.setAutoCommit(true);
        this.dataSource = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + vendor.migrations)
                .load()
                .migrate();
    }

    static BenchmarkDatabase create(Vendor vendor, int pool) {
        String name = "conveyor_bench_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (vendor == Vendor.H2) {
            return new BenchmarkDatabase(vendor, name, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", pool);
        }
        PostgresServer.admin("create database " + name);
        return new BenchmarkDatabase(
                vendor, name, PostgresServer.database(name), PostgresServer.USER, PostgresServer.PASSWORD, pool);
    }

    /** Describes the server, for the report. */
    static String describe(Vendor vendor) {
        if (vendor == Vendor.H2) {
            return "H2 " + org.h2.engine.Constants.VERSION + ", in memory";
        }
        return PostgresServer.describe();
    }

    @Override
    public void close() {
        dataSource.close();
        if (vendor == Vendor.POSTGRES) {
            PostgresServer.admin("drop database if exists " + name + " with (force)");
        }
    }
}
