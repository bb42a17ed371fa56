package io.conveyor.edge.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads the PostgreSQL event store directly, as an auditor would, for tests that run the application as a process. */
public final class StoredEvents {
    private StoredEvents() {}

    /** How many events of a type (simple class name) mention an id anywhere in their payload. */
    public static int count(Connection db, String type, String id) throws SQLException {
        return (int) scalar(
                db,
                "select count(*) from domain_event_entry where payload_type like '%." + type
                        + "' and convert_from(payload, 'UTF8') like '%" + id + "%'");
    }

    public static long scalar(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
