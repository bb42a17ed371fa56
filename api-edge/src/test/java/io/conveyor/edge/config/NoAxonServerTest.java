package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.edge.support.HttpTest;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Without the axonserver profile nothing reaches for Axon Server: the events live in the application's database. */
@HttpTest
class NoAxonServerTest {
    @Autowired
    ApplicationContext context;

    @Test
    void the_default_profiles_store_events_in_the_database_and_never_connect_to_axon_server() {
        assertThat(context.getBeansOfType(AxonServerConnectionManager.class)).isEmpty();
        assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
    }
}
