package io.conveyor.edge.events;

import org.springframework.jdbc.core.JdbcTemplate;

/** The event store's newest position: what "now" is for anything that counts in positions. */
public final class StoreHead {
    private StoreHead() {}

    /** The highest global index stored so far, 0 for an empty store. */
    public static long newest(JdbcTemplate jdbc) {
        Long newest = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return newest == null ? 0 : newest;
    }
}
