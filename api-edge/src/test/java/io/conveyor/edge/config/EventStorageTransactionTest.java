package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.edge.support.HttpTest;
import java.util.UUID;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The JDBC event storage engine writes on the connection of the surrounding JPA transaction: an appended event is
 * visible to JPA inside that transaction, and gone when it rolls back. This is what keeps an event, the saga state and
 * the processor token that moves past it in one commit.
 */
@HttpTest
class EventStorageTransactionTest {
    @Autowired
    EventStorageEngine engine;

    @Autowired
    EntityManagerProvider entityManagers;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void an_appended_event_shares_the_jpa_transaction() {
        String aggregate = "prd_tx_" + UUID.randomUUID();

        Number seenInside = transactions.execute(status -> {
            engine.appendEvents(new GenericDomainEventMessage<>("Product", aggregate, 0, "probe"));
            Number count = (Number) entityManagers
                    .getEntityManager()
                    .createNativeQuery("select count(*) from domain_event_entry where aggregate_identifier = ?1")
                    .setParameter(1, aggregate)
                    .getSingleResult();
            status.setRollbackOnly();
            return count;
        });

        assertThat(seenInside.intValue()).as("visible to JPA before commit").isEqualTo(1);
        assertThat(engine.readEvents(aggregate).hasNext())
                .as("gone with the rollback")
                .isFalse();
    }
}
