package io.conveyor.command.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.command.stock.InMemoryProductCatalogue;
import io.conveyor.command.stock.ProductTestAccess;
import io.conveyor.contracts.common.RuleViolationException;
import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.contracts.order.CustomerId;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLineRequest;
import io.conveyor.contracts.order.PlaceOrderCommand;
import io.conveyor.contracts.stock.CreateProductCommand;
import io.conveyor.contracts.stock.ProductCreatedEvent;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductRestockedEvent;
import io.conveyor.contracts.stock.RestockProductCommand;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TenantIsolationTest {
    private static final ProductId MUG = new ProductId("prd_mug");
    private static final Map<String, String> ACME = Map.of(TenantMetadata.KEY, "acme");
    private static final Map<String, String> GLOBEX = Map.of(TenantMetadata.KEY, "globex");

    private static GenericDomainEventMessage<ProductCreatedEvent> createdIn(Map<String, String> tenant) {
        return new GenericDomainEventMessage<>(
                "Product",
                MUG.value(),
                0,
                new ProductCreatedEvent(MUG, "MUG-1", "Mug", 1250, "EUR", 10),
                MetaData.from(tenant));
    }

    @Nested
    class Products {
        private AggregateTestFixture<?> fixture;
        private InMemoryProductCatalogue catalogue;

        @BeforeEach
        void setUp() {
            fixture = ProductTestAccess.fixture();
            fixture.registerHandlerEnhancerDefinition(new TenantIsolation());
            catalogue = new InMemoryProductCatalogue();
            fixture.registerInjectableResource(catalogue);
        }

        @Test
        void a_command_of_the_owning_tenant_is_handled() {
            fixture.given(List.of(createdIn(ACME)))
                    .when(new RestockProductCommand(MUG, 5), ACME)
                    .expectEvents(new ProductRestockedEvent(MUG, 5, 15, 0));
        }

        @Test
        void another_tenant_finds_no_such_product() {
            fixture.given(List.of(createdIn(ACME)))
                    .when(new RestockProductCommand(MUG, 5), GLOBEX)
                    .expectException(AggregateNotFoundException.class)
                    .expectNoEvents();
        }

        @Test
        void events_from_before_tenants_belong_to_the_default_tenant() {
            fixture.given(new ProductCreatedEvent(MUG, "MUG-1", "Mug", 1250, "EUR", 10))
                    .when(new RestockProductCommand(MUG, 5), ACME)
                    .expectException(AggregateNotFoundException.class);
            fixture.given(new ProductCreatedEvent(MUG, "MUG-1", "Mug", 1250, "EUR", 10))
                    .when(new RestockProductCommand(MUG, 5), Map.of(TenantMetadata.KEY, TenantMetadata.DEFAULT))
                    .expectEvents(new ProductRestockedEvent(MUG, 5, 15, 0));
        }

        @Test
        void a_command_from_inside_the_platform_acts_for_the_owner() {
            fixture.given(List.of(createdIn(ACME)))
                    .when(new RestockProductCommand(MUG, 5))
                    .expectEvents(new ProductRestockedEvent(MUG, 5, 15, 0));
        }

        @Test
        void skus_are_unique_within_a_tenant_only() {
            catalogue.with("globex", new ProductId("prd_other"), "MUG-1", 900, "EUR");
            fixture.givenNoPriorActivity()
                    .when(new CreateProductCommand(MUG, "MUG-1", "Mug", 1250, "EUR", 10), ACME)
                    .expectSuccessfulHandlerExecution();
            fixture.givenNoPriorActivity()
                    .when(new CreateProductCommand(MUG, "MUG-1", "Mug", 1250, "EUR", 10), GLOBEX)
                    .expectException(io.conveyor.contracts.common.StateConflictException.class);
        }

        @Test
        void the_owner_survives_a_snapshot() throws Exception {
            fixture.given(List.of(createdIn(ACME)))
                    .when(new RestockProductCommand(MUG, 1), ACME)
                    .expectState(product -> {
                        JacksonSerializer json = JacksonSerializer.defaultSerializer();
                        var restored = json.deserialize(json.serialize(product, String.class));
                        assertThat(((TenantOwned) restored).tenant()).isEqualTo("acme");
                    });
        }
    }

    @Nested
    class Orders {
        @Test
        void an_order_cannot_name_another_tenants_product() {
            var fixture = io.conveyor.command.order.OrderTestAccess.fixture();
            fixture.registerHandlerEnhancerDefinition(new TenantIsolation());
            fixture.registerInjectableResource(
                    new InMemoryProductCatalogue().with("globex", MUG, "MUG-1", 1250, "EUR"));
            PlaceOrderCommand place = new PlaceOrderCommand(
                    new OrderId("ord_1"), new CustomerId("cus_1"), List.of(new OrderLineRequest(MUG, 1)), "tok_visa");
            fixture.givenNoPriorActivity()
                    .when(place, ACME)
                    .expectException(RuleViolationException.class)
                    .expectExceptionMessage("product " + MUG + " does not exist");
            fixture.givenNoPriorActivity().when(place, GLOBEX).expectSuccessfulHandlerExecution();
        }
    }
}
