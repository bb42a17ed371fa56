package io.conveyor.edge.streaming;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Asks the event store, the source of truth, whether a tenant ever wrote an id: read models may lag behind it. Another
 * tenant's id is as unknown as one never written.
 */
@Component
class AggregateExistence {
    private final JdbcTemplate jdbc;

    AggregateExistence(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean exists(String tenant, String aggregateId) {
        return !jdbc.queryForList(
                        "select sequence_number from domain_event_entry"
                                + " where aggregate_identifier = ? and sequence_number = 0 and tenant = ?",
                        Long.class,
                        aggregateId,
                        tenant)
                .isEmpty();
    }
}
