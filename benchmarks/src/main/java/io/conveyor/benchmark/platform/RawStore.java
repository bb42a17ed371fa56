package io.conveyor.benchmark.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's own speed, measured with plain JDBC beside the node's tables: what the event store could do at
 * best on the same server, with the same rows.
 */
final class RawStore {
    private static final String COLUMNS = "event_identifier, aggregate_identifier, sequence_number, type, time_stamp,"
            + " payload_type, payload_revision, payload, meta_data, tenant";

    private RawStore() {}

    /** A stored event whose columns the raw inserts and the fill copy. */
    record Row(
            String aggregate,
            String type,
            String timeStamp,
            String payloadType,
            String payloadRevision,
            byte[] payload,
            byte[] metaData,
            String tenant) {}

    /** The newest event whose payload type ends with {@code payloadTypeSuffix}, of any aggregate or of one. */
    static Row sample(Database db, String payloadTypeSuffix, String aggregate) {
        String sql =
                "select aggregate_identifier, type, time_stamp, payload_type, payload_revision, payload, meta_data,"
                        + " tenant from domain_event_entry where payload_type like ? and aggregate_identifier like ?"
                        + " order by global_index desc limit 1";
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, "%" + payloadTypeSuffix);
            s.setString(2, aggregate);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("no event of type *" + payloadTypeSuffix);
                }
                return new Row(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        r.getBytes(6),
                        r.getBytes(7),
                        r.getString(8));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Inserts copies of {@code row} into a copy of the event table (same columns, defaults, indexes and constraints),
     * {@code perCommit} rows per transaction, from {@code writers} threads for {@code seconds}; answers rows per
     * second.
     */
    static double insertRate(Database db, Row row, int writers, int perCommit, double seconds) throws Exception {
        exec(db, "drop table if exists raw_event_entry");
        exec(db, "create table raw_event_entry (like domain_event_entry including all)");
        // a sequence of its own: the copied default would draw from the event table's and leave it a wide gap
        exec(db, "create sequence raw_event_entry_seq");
        exec(db, "alter table raw_event_entry alter column global_index set default nextval('raw_event_entry_seq')");
        AtomicLong rows = new AtomicLong();
        long end = System.nanoTime() + Load.seconds(seconds);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String aggregate = "raw-" + UUID.randomUUID();
            work.add(pool.submit(() -> {
                try (Connection c = db.dataSource().getConnection();
                        PreparedStatement insert = c.prepareStatement(
                                "insert into raw_event_entry (" + COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?)")) {
                    c.setAutoCommit(false);
                    long sequence = 0;
                    while (System.nanoTime() < end) {
                        for (int i = 0; i < perCommit; i++) {
                            insert.setString(1, UUID.randomUUID().toString());
                            insert.setString(2, aggregate);
                            insert.setLong(3, sequence++);
                            insert.setString(4, row.type());
                            insert.setString(5, row.timeStamp());
                            insert.setString(6, row.payloadType());
                            insert.setString(7, row.payloadRevision());
                            insert.setBytes(8, row.payload());
                            insert.setBytes(9, row.metaData());
                            insert.setString(10, row.tenant());
                            if (perCommit == 1) {
                                insert.executeUpdate();
                            } else {
                                insert.addBatch();
                            }
                        }
                        if (perCommit > 1) {
                            insert.executeBatch();
                        }
                        c.commit();
                        rows.addAndGet(perCommit);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        double took = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        exec(db, "drop table raw_event_entry");
        exec(db, "drop sequence raw_event_entry_seq");
        return rows.get() / took;
    }

    /** Reads every event in order, every column, as a replay's reader would without Axon; answers events/s. */
    static double sequentialReadRate(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false); // a cursor, so rows stream in batches instead of all at once
            long start = System.nanoTime();
            long rows = 0;
            long bytes = 0;
            try (PreparedStatement s = c.prepareStatement(
                    "select global_index, " + COLUMNS + " from domain_event_entry order by global_index")) {
                s.setFetchSize(1000);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        r.getLong(1);
                        for (int i = 2; i <= 11; i++) {
                            Object value = r.getObject(i);
                            bytes += value instanceof byte[] b ? b.length : value == null ? 0 : 1;
                        }
                        rows++;
                    }
                }
            }
            c.commit();
            double took = (System.nanoTime() - start) / 1e9;
            if (bytes == 0) {
                throw new IllegalStateException("read no payloads");
            }
            return rows / took;
        }
    }

    /**
     * Adds products with {@code perProduct} events each (created, then restocked) until the store holds about
     * {@code target} events, copied from a real product's events with the ids and SKU replaced; each product is one
     * transaction's worth of a chunk, committed {@code chunk} products at a time.
     */
    static void fill(Database db, long target, int perProduct) throws SQLException {
        Row restocked = sample(db, "ProductRestockedEvent", "%");
        Row created = sample(db, "ProductCreatedEvent", restocked.aggregate());
        String sku = skuOf(created);
        long missing = target - db.events();
        if (missing <= 0) {
            return;
        }
        long products = (missing + perProduct - 1) / perProduct;
        String run = UUID.randomUUID().toString();
        String sql = "insert into domain_event_entry (" + COLUMNS + ") select gen_random_uuid()::text,"
                + " 'prd_' || a.u, s.seq, ?, ?,"
                + " case when s.seq = 0 then ? else ? end,"
                + " case when s.seq = 0 then ? else ? end,"
                + " convert_to(replace(replace(convert_from(case when s.seq = 0 then ? else ? end, 'UTF8'), ?,"
                + " 'prd_' || a.u), ?, 'SKU-' || a.u), 'UTF8'), ?, ?"
                + " from (select g, md5(? || g)::uuid::text as u from generate_series(?, ?) g) a"
                + " cross join generate_series(0, ?) s(seq) order by a.g, s.seq";
        int chunk = Math.max(1, 10_000 / perProduct);
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (long from = 0; from < products; from += chunk) {
                int i = 1;
                s.setString(i++, created.type());
                s.setString(i++, created.timeStamp());
                s.setString(i++, created.payloadType());
                s.setString(i++, restocked.payloadType());
                s.setString(i++, created.payloadRevision());
                s.setString(i++, restocked.payloadRevision());
                s.setBytes(i++, created.payload());
                s.setBytes(i++, restocked.payload());
                s.setString(i++, created.aggregate());
                s.setString(i++, sku);
                s.setBytes(i++, created.metaData());
                s.setString(i++, created.tenant());
                s.setString(i++, run);
                s.setLong(i++, from);
                s.setLong(i++, Math.min(products, from + chunk) - 1);
                s.setInt(i, perProduct - 1);
                s.executeUpdate();
            }
        }
    }

    private static String skuOf(Row created) {
        String json = new String(created.payload(), java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"sku\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no sku in " + json);
        }
        return m.group(1);
    }

    private static void exec(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
