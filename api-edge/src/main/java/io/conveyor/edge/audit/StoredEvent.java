package io.conveyor.edge.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * An event row exactly as stored, and the chain arithmetic over it. The tenant column is not hashed (the metadata,
 * which names the tenant, is): it chooses the chain the event belongs to.
 */
record StoredEvent(
        long position,
        String eventId,
        String payloadType,
        String payloadRevision,
        String aggregateType,
        String aggregateId,
        long sequence,
        String timestamp,
        byte[] payload,
        byte[] metadata,
        String tenant) {

    static final String COLUMNS = "global_index, event_identifier, payload_type, payload_revision, type,"
            + " aggregate_identifier, sequence_number, time_stamp, payload, meta_data, tenant";

    /** The value before the first event: 32 zero bytes. */
    static final String GENESIS = "0".repeat(64);

    static StoredEvent of(ResultSet rs) throws SQLException {
        return new StoredEvent(
                rs.getLong("global_index"),
                rs.getString("event_identifier"),
                rs.getString("payload_type"),
                rs.getString("payload_revision"),
                rs.getString("type"),
                rs.getString("aggregate_identifier"),
                rs.getLong("sequence_number"),
                rs.getString("time_stamp"),
                rs.getBytes("payload"),
                rs.getBytes("meta_data"),
                rs.getString("tenant"));
    }

    /** {@code SHA-256(previous || canonical bytes)}, in hex. */
    String chainAfter(String previous) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(HexFormat.of().parseHex(previous));
            sha.update(canonical());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Each field as a 4-byte big-endian length followed by its bytes (text in UTF-8, numbers in decimal), in this
     * order: position, event id, payload type, payload revision, aggregate type, aggregate id, sequence, timestamp,
     * payload, metadata. Absent fields are empty. The lengths keep field boundaries unambiguous.
     */
    byte[] canonical() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + payload.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            field(out, Long.toString(position));
            field(out, eventId);
            field(out, payloadType);
            field(out, payloadRevision);
            field(out, aggregateType);
            field(out, aggregateId);
            field(out, Long.toString(sequence));
            field(out, timestamp);
            field(out, payload);
            field(out, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void field(DataOutputStream out, String value) throws IOException {
        field(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        byte[] bytes = value == null ? new byte[0] : value;
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
