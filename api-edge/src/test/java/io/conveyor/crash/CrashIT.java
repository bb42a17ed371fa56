package io.conveyor.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conveyor.edge.support.ConveyorProcess;
import io.conveyor.edge.support.StoredEvents;
import io.conveyor.edge.support.TestDatabaseEnvironment;
import io.conveyor.edge.support.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Kills the packaged application with SIGKILL while several clients send commands, restarts it, and checks what a
 * user of the platform relies on: every command that got a 2xx is in the event store, nothing happened twice, stock
 * is conserved, and the read models equal what a fresh replay of the events builds. Prints its counts.
 */
class CrashIT {
    private static final int CLIENTS = 6;
    private static final int PRODUCTS = 3;
    private static final int INITIAL_STOCK = 1_000;
    private static final int ORDERS_BEFORE_KILL = 100;
    private static final List<String> PROJECTIONS =
            List.of("product-stock", "order-view", "order-summary", "shipment-view");
    private static final Pattern ID = Pattern.compile("\"(?:productId|orderId)\":\"([^\"]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String database =
            "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private int port;

    @Test
    void nothing_acknowledged_is_lost_and_nothing_happens_twice() throws Exception {
        try (Connection db = TestDatabaseEnvironment.connectTo(database)) {
            port = ConveyorProcess.freePort(); // the same port for every generation: clients keep their address
            ConveyorProcess first = launch(1);
            List<String> products = new ArrayList<>();
            for (int i = 0; i < PRODUCTS; i++) {
                products.add(create(i));
            }

            Load load = new Load(products);
            load.start();
            // mid-load: once enough orders are acknowledged, while the clients go on sending
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acceptedOrders.size() >= ORDERS_BEFORE_KILL);
            first.kill(); // SIGKILL: no shutdown hook, no graceful anything
            load.stop();

            try (ConveyorProcess second = launch(2)) {
                // every acknowledged command is in the store
                for (String order : load.acceptedOrders) {
                    assertThat(StoredEvents.count(db, "OrderPlacedEvent", order))
                            .as("order %s", order)
                            .isEqualTo(1);
                }
                for (String product : products) {
                    int stored = restockedUnits(db, product);
                    assertThat(stored)
                            .as("units restocked on %s", product)
                            .isGreaterThanOrEqualTo(load.acceptedRestockUnits.getOrDefault(product, 0))
                            .isLessThanOrEqualTo(load.sentRestockUnits.getOrDefault(product, 0));
                }

                // the flows finish after the restart (payment deadlines included), and every read model has settled:
                // the projections are separate processors, so one may still be catching up when another is done
                AtomicReference<String> previous = new AtomicReference<>("");
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            String now = readModels(db);
                            boolean settled = now.equals(previous.getAndSet(now));
                            return settled && openOrders(db) == 0 && projectionsCaughtUp(db);
                        });

                // nothing happened twice, and stock is conserved in the store and in the read model
                assertThat(repeatedOrderEvents(db)).isEmpty();
                for (String product : products) {
                    long[] stock = stockOf(db, product);
                    assertThat(stock[0]).as("available").isNotNegative();
                    assertThat(stock[1]).as("reserved").isNotNegative();
                    assertThat(stock[0] + stock[1])
                            .as("available + reserved of %s", product)
                            .isEqualTo(INITIAL_STOCK + restockedUnits(db, product));
                }
                String before = readModels(db);

                // a fresh replay of every projection builds the same read models
                second.close();
                verifyReplay(db, before);
                printCounts(db, load, before);
            }
        }
    }

    private void verifyReplay(Connection db, String before) throws Exception {
        try (Statement s = db.createStatement()) {
            s.executeUpdate(
                    "delete from token_entry where processor_name in ('" + String.join("','", PROJECTIONS) + "')");
            s.executeUpdate("delete from product_stock");
            s.executeUpdate("delete from order_view");
            s.executeUpdate("delete from order_summary");
            s.executeUpdate("delete from shipment_view");
        }
        try (ConveyorProcess third = launch(3)) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> readModels(db).equals(before));
        }
    }

    private static void printCounts(Connection db, Load load, String readModels) throws SQLException {
        System.out.printf(
                "crash test: %d clients, killed after %d acknowledged orders; orders acknowledged %d, sent %d; restocks acknowledged"
                        + " %d, sent %d; requests failed by the kill %d; events stored %d; read-model rows %d"
                        + " equal after a fresh replay%n",
                CLIENTS,
                ORDERS_BEFORE_KILL,
                load.acceptedOrders.size(),
                load.sentOrders.get(),
                load.acceptedRestocks.get(),
                load.sentRestocks.get(),
                load.failed.get(),
                StoredEvents.scalar(db, "select count(*) from domain_event_entry"),
                readModels.lines().count());
    }

    /** Clients that place orders and restock products until stopped, remembering what was acknowledged. */
    private final class Load {
        final List<String> products;
        final List<String> acceptedOrders = new CopyOnWriteArrayList<>();
        final AtomicInteger sentOrders = new AtomicInteger();
        final AtomicInteger acceptedRestocks = new AtomicInteger();
        final AtomicInteger sentRestocks = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final Map<String, Integer> acceptedRestockUnits = new ConcurrentHashMap<>();
        final Map<String, Integer> sentRestockUnits = new ConcurrentHashMap<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

        Load(List<String> products) {
            this.products = products;
        }

        void start() {
            for (int c = 0; c < CLIENTS; c++) {
                Random random = new Random(c);
                clients.submit(() -> {
                    while (running.get()) {
                        step(random);
                    }
                });
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        private void step(Random random) {
            String product = products.get(random.nextInt(products.size()));
            try {
                if (random.nextInt(4) == 0) {
                    int units = 1 + random.nextInt(5);
                    sentRestocks.incrementAndGet();
                    sentRestockUnits.merge(product, units, Integer::sum);
                    if (post("/api/products/" + product + "/restock", "{\"quantity\":" + units + "}")
                                    .statusCode()
                            == 202) {
                        acceptedRestocks.incrementAndGet();
                        acceptedRestockUnits.merge(product, units, Integer::sum);
                    }
                } else {
                    String token = switch (random.nextInt(10)) {
                        case 0 -> "tok_decline";
                        case 1 -> "tok_timeout";
                        default -> "tok_visa";
                    };
                    sentOrders.incrementAndGet();
                    HttpResponse<String> response = post(
                            "/api/orders",
                            "{\"customerId\":\"crash\",\"lines\":[{\"productId\":\"" + product + "\",\"quantity\":"
                                    + (1 + random.nextInt(3)) + "}],\"paymentToken\":\"" + token + "\"}");
                    if (response.statusCode() == 202) {
                        acceptedOrders.add(idIn(response.body()));
                    }
                }
            } catch (IOException | InterruptedException e) {
                failed.incrementAndGet(); // the node died under this request: not acknowledged
            }
        }
    }

    private ConveyorProcess launch(int generation) throws IOException {
        return ConveyorProcess.start(
                database,
                "node-" + generation,
                port,
                "--conveyor.fulfilment.payment-timeout=3s",
                // above the 5 s after which a live node extends its claims, or live nodes steal from each other
                "--axon.eventhandling.tokenstore.claim-timeout=6s");
    }

    private String create(int i) throws Exception {
        HttpResponse<String> response = post(
                "/api/products",
                "{\"sku\":\"CRASH-" + i + "-" + database + "\",\"name\":\"Crash " + i + "\",\"priceMinor\":100,"
                        + "\"currency\":\"EUR\",\"initialStock\":" + INITIAL_STOCK + "}");
        assertThat(response.statusCode()).isEqualTo(201);
        return idIn(response.body());
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Authorization", TestTokens.bearer())
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .header("Authorization", TestTokens.bearer())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String idIn(String body) {
        Matcher m = ID.matcher(body);
        assertThat(m.find()).as("an id in %s", body).isTrue();
        return m.group(1);
    }

    private static int restockedUnits(Connection db, String product) throws SQLException {
        return (int) StoredEvents.scalar(
                db,
                "select coalesce(sum((convert_from(payload, 'UTF8')::jsonb ->> 'quantity')::int), 0)"
                        + " from domain_event_entry where payload_type like '%.ProductRestockedEvent'"
                        + " and aggregate_identifier = '" + product + "'");
    }

    private static long openOrders(Connection db) throws SQLException {
        // PLACED or STOCK_RESERVED are waiting on the saga; PAID orders wait for a dispatch nobody sends here
        return StoredEvents.scalar(db, "select count(*) from order_view where status in ('PLACED', 'STOCK_RESERVED')")
                + (StoredEvents.scalar(
                                db,
                                "select count(*) from domain_event_entry where payload_type like '%.OrderPlacedEvent'")
                        - StoredEvents.scalar(db, "select count(*) from order_view"));
    }

    private static boolean projectionsCaughtUp(Connection db) throws SQLException {
        long head = StoredEvents.scalar(db, "select coalesce(max(global_index), 0) from domain_event_entry");
        long stock = StoredEvents.scalar(db, "select count(*) from product_stock");
        return head > 0 && stock == PRODUCTS;
    }

    private static List<String> repeatedOrderEvents(Connection db) throws SQLException {
        List<String> repeated = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs =
                        s.executeQuery("select aggregate_identifier, payload_type, count(*) from domain_event_entry"
                                + " where payload_type like 'io.conveyor.contracts.order.%'"
                                + " group by aggregate_identifier, payload_type having count(*) > 1")) {
            while (rs.next()) {
                repeated.add(rs.getString(1) + " " + rs.getString(2) + " x" + rs.getLong(3));
            }
        }
        return repeated;
    }

    private static long[] stockOf(Connection db, String product) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(
                        "select available, reserved from product_stock where product_id = '" + product + "'")) {
            assertThat(rs.next()).isTrue();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** The read models as text, in a stable order, without the columns a replay legitimately changes. */
    private static String readModels(Connection db) throws SQLException {
        StringBuilder all = new StringBuilder();
        dump(db, all, "select product_id, sku, available, reserved, last_sequence from product_stock order by 1");
        dump(
                db,
                all,
                "select order_id, status, total_minor, shipment_id, rejection_reason, timeline_json, version"
                        + " from order_view order by 1");
        dump(db, all, "select order_id, status, line_count, total_minor, last_sequence from order_summary order by 1");
        dump(db, all, "select shipment_id, order_id, status from shipment_view order by 1");
        return all.toString();
    }

    private static void dump(Connection db, StringBuilder out, String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 1; c <= columns; c++) {
                    out.append(rs.getString(c)).append('|');
                }
                out.append('\n');
            }
        }
    }
}
