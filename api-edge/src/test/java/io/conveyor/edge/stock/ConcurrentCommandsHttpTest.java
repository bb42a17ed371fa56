package io.conveyor.edge.stock;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Commands racing on one aggregate: each either lands or is answered 409, and none is lost or applied twice. */
@HttpTest
class ConcurrentCommandsHttpTest {
    private static final int CLIENTS = 24;

    @Autowired
    WebTestClient web;

    @LocalServerPort
    int port;

    @Test
    void concurrent_restocks_of_one_product_lose_no_update() {
        ConveyorApi api = new ConveyorApi(web);
        ProductId product = api.createProduct(100, 10);
        WebClient client = TestTokens.webClient("http://localhost:" + port);

        List<Integer> statuses = Flux.range(0, CLIENTS)
                .parallel(CLIENTS)
                .runOn(Schedulers.boundedElastic())
                .flatMap(i -> client.post()
                        .uri("/api/products/{id}/restock", product)
                        .bodyValue(Map.of("quantity", 1))
                        .exchangeToMono(response -> response.releaseBody()
                                .thenReturn(response.statusCode().value())))
                .sequential()
                .collectList()
                .block(ConveyorApi.PATIENCE);

        assertThat(statuses).hasSize(CLIENTS).containsAnyOf(202).allMatch(s -> s == 202 || s == 409);
        long accepted = statuses.stream().filter(s -> s == 202).count();
        api.awaitStock(product, 10 + (int) accepted, 0);
    }
}
