package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.axonframework.queryhandling.UpdateHandlerRegistration;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class IndexedQueryUpdateEmitterTest {
    final IndexedQueryUpdateEmitter emitter = new IndexedQueryUpdateEmitter(SimpleQueryUpdateEmitter.builder());

    @Test
    void a_subscription_is_known_by_its_identifier_while_it_is_open() {
        SubscriptionQueryMessage<String, String, String> query = query("mugs");
        UpdateHandlerRegistration<String> registration = emitter.registerUpdateHandler(query, 16);

        assertThat(emitter.queryUpdateHandlerRegistered(query)).isTrue();
        // the same message with metadata added is another object with the same identifier
        assertThat(emitter.queryUpdateHandlerRegistered(query.andMetaData(Map.of("tenant", "acme"))))
                .isTrue();
        assertThat(emitter.queryUpdateHandlerRegistered(query("cups"))).isFalse();

        registration.getRegistration().cancel();

        assertThat(emitter.queryUpdateHandlerRegistered(query)).isFalse();
        assertThat(emitter.activeSubscriptions()).isEmpty();
        assertThat(emitter.indexed()).isZero();
    }

    @Test
    void a_subscription_whose_updates_end_leaves_the_index_with_axons_set() {
        SubscriptionQueryMessage<String, String, String> query = query("mugs");
        UpdateHandlerRegistration<String> registration = emitter.registerUpdateHandler(query, 16);
        List<String> received = new CopyOnWriteArrayList<>();
        Disposable reader = registration.getUpdates().subscribe(update -> received.add(update.getPayload()));

        emitter.emit(q -> q.getPayload().equals("mugs"), "restocked");
        emitter.emit(q -> q.getPayload().equals("cups"), "not for mugs");
        assertThat(received).containsExactly("restocked");

        reader.dispose();

        assertThat(emitter.activeSubscriptions()).isEmpty();
        assertThat(emitter.indexed()).isZero();
        assertThat(emitter.queryUpdateHandlerRegistered(query)).isFalse();
    }

    @Test
    void a_subscription_axon_let_go_of_without_its_updates_ending_is_not_counted() {
        // Axon drops a subscription whose update fails to go out; here its monitor fails as the update is reported
        IndexedQueryUpdateEmitter failing = new IndexedQueryUpdateEmitter(
                SimpleQueryUpdateEmitter.builder().updateMessageMonitor(message -> new FailingReport()));
        SubscriptionQueryMessage<String, String, String> query = query("mugs");
        failing.registerUpdateHandler(query, 16);

        failing.emit(q -> true, "restocked");

        assertThat(failing.activeSubscriptions()).isEmpty();
        assertThat(failing.queryUpdateHandlerRegistered(query)).isFalse();
        assertThat(failing.indexed()).isZero();
    }

    private static final class FailingReport implements MessageMonitor.MonitorCallback {
        @Override
        public void reportSuccess() {
            throw new IllegalStateException("the monitor is down");
        }

        @Override
        public void reportFailure(Throwable cause) {}

        @Override
        public void reportIgnored() {}
    }

    private static SubscriptionQueryMessage<String, String, String> query(String payload) {
        return new GenericSubscriptionQueryMessage<>(
                payload, ResponseTypes.instanceOf(String.class), ResponseTypes.instanceOf(String.class));
    }
}
