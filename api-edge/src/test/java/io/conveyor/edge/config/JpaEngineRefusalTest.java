package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conveyor.ConveyorApplication;
import io.conveyor.edge.support.TestProfiles;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Axon's JPA engine stores every event as the default tenant's; the application starts on it only when told that is
 * accepted.
 */
class JpaEngineRefusalTest {

    @Test
    void the_jpa_engine_without_accepting_a_single_tenant_log_stops_the_start() {
        SpringApplicationBuilder application =
                new SpringApplicationBuilder(ConveyorApplication.class).profiles(TestProfiles.active());

        assertThatThrownBy(() -> application
                        .run("--server.port=0", "--conveyor.event-store.engine=jpa")
                        .close())
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stores every event as the default tenant's")
                .hasMessageContaining("conveyor.event-store.jpa-single-tenant=true");
    }
}
