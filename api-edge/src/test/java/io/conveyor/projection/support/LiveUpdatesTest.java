package io.conveyor.projection.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;
import org.axonframework.queryhandling.UpdateHandlerRegistration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** A projection's change reaches subscribers when it follows new events, and not while it replays old ones. */
class LiveUpdatesTest {
    record Query(String id) {}

    final SimpleQueryUpdateEmitter emitter = SimpleQueryUpdateEmitter.builder().build();
    final LiveUpdates updates =
            new LiveUpdates(emitter, new StaticListableBeanFactory().getBeanProvider(UpdateRelay.class));
    final List<Object> received = new CopyOnWriteArrayList<>();

    LiveUpdatesTest() {
        UpdateHandlerRegistration<Object> registration = emitter.registerUpdateHandler(
                new GenericSubscriptionQueryMessage<>(
                        new Query("a"), ResponseTypes.instanceOf(String.class), ResponseTypes.instanceOf(String.class)),
                16);
        registration
                .getUpdates()
                .map(SubscriptionQueryUpdateMessage::getPayload)
                .subscribe(received::add);
    }

    @Test
    void a_change_made_while_following_new_events_is_pushed() {
        handling(new GlobalSequenceTrackingToken(7), "live");

        assertThat(received).containsExactly("live");
    }

    @Test
    void a_change_made_while_replaying_is_not_pushed_and_one_past_the_reset_point_is() {
        TrackingToken atReset = new GlobalSequenceTrackingToken(10);
        handling(ReplayToken.createReplayToken(atReset, new GlobalSequenceTrackingToken(3)), "old");
        handling(new GlobalSequenceTrackingToken(11), "new");

        assertThat(received).containsExactly("new");
    }

    @Test
    void a_change_outside_event_handling_is_pushed() {
        updates.emit(Query.class, List.of(new Query("a")), "direct");

        assertThat(received).containsExactly("direct");
    }

    private void handling(TrackingToken token, String update) {
        var event = new GenericTrackedEventMessage<>(token, GenericEventMessage.asEventMessage("event"));
        DefaultUnitOfWork.startAndGet(event)
                .execute(() -> updates.emit(Query.class, List.of(new Query("a"), new Query("b")), update));
    }
}
