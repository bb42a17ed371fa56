package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.command.fulfilment.OrderFulfilmentSaga;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.projection.stock.ProductStockProjection;
import java.util.List;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.AnnotatedHandlerInspector;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.timeout.UnitOfWorkTimeoutInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Event handlers run without Axon's time limit per call, which walks the thread's stack at every event; the limit on
 * each processor's unit of work (a batch of events) stays, as do the limits on command handlers.
 */
@HttpTest
class HandlerTimeoutsHttpTest {
    @Autowired
    Configuration axon;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void event_handlers_are_called_without_a_time_limit_of_their_own() {
        assertThat(handlers(axon, ProductStockProjection.class, EventMessage.class))
                .isNotEmpty()
                .noneMatch(HandlerTimeoutsHttpTest::timeLimited);
        assertThat(handlers(axon, OrderFulfilmentSaga.class, EventMessage.class))
                .isNotEmpty()
                .noneMatch(HandlerTimeoutsHttpTest::timeLimited);
    }

    @Test
    void a_processors_batch_and_a_command_handler_keep_theirs() throws ClassNotFoundException {
        assertThat(processing.interceptorsFor(ProductStockProjection.GROUP))
                .hasAtLeastOneElementOfType(UnitOfWorkTimeoutInterceptor.class);
        Class<?> product = Class.forName("io.conveyor.command.stock.Product"); // the aggregate keeps to its package
        assertThat(handlers(axon, product, CommandMessage.class))
                .isNotEmpty()
                .allMatch(HandlerTimeoutsHttpTest::timeLimited);
    }

    /** The handlers of one kind that Axon's configuration builds for a type, with their enhancements. */
    static List<MessageHandlingMember<?>> handlers(
            Configuration axon, Class<?> type, @SuppressWarnings("rawtypes") Class<? extends Message> messageType) {
        return AnnotatedHandlerInspector.inspectType(
                        type, axon.parameterResolverFactory(), axon.handlerDefinition(type))
                .getHandlers()
                .stream()
                .filter(member -> member.canHandleMessageType(messageType))
                .<MessageHandlingMember<?>>map(member -> member)
                .toList();
    }

    /** Whether Axon wrapped the handler in its time limit (a class Axon keeps to its own package). */
    static boolean timeLimited(MessageHandlingMember<?> member) {
        try {
            return member.unwrap(
                            Class.forName("org.axonframework.messaging.timeout.TimeoutWrappedMessageHandlingMember"))
                    .isPresent();
        } catch (ClassNotFoundException e) {
            throw new AssertionError("Axon's time-limited handler is not where it was", e);
        }
    }
}
