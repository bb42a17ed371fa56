package io.conveyor.benchmark.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.security.DevKeys;
import io.conveyor.edge.security.Scopes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** The calls the benchmark makes, as any HTTP client of the API would make them. */
final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final String bearer;

    Api(HttpClient http, String baseUrl, String bearer) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.bearer = bearer;
    }

    /** A client of one tenant, with a token signed by the node's development key. */
    static Api of(String baseUrl, Path devKey, String tenant) {
        String token = DevKeys.at(devKey).token(tenant, "benchmark", Scopes.ALL, Duration.ofHours(12), "tenant");
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        return new Api(http, baseUrl, "Bearer " + token);
    }

    String baseUrl() {
        return baseUrl;
    }

    String bearer() {
        return bearer;
    }

    HttpClient http() {
        return http;
    }

    /** Creates a product and answers its id. */
    String createProduct(int initialStock) {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 13);
        JsonNode created = send(
                post(
                        "/api/products",
                        "{\"sku\":\"" + sku + "\",\"name\":\"Benchmark item\",\"priceMinor\":1250,"
                                + "\"currency\":\"EUR\",\"initialStock\":" + initialStock + "}"),
                201);
        return created.get("productId").asText();
    }

    /** Restocks a product; answers the HTTP status (202 when the command was handled). */
    int restock(String productId, int quantity) throws IOException, InterruptedException {
        return http.send(
                        post("/api/products/" + productId + "/restock", "{\"quantity\":" + quantity + "}"),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    JsonNode get(String path) {
        return send(request(path).GET().build(), 200);
    }

    int replay(String projection) {
        try {
            return http.send(
                            post("/api/admin/projections/" + projection + "/replay", ""),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", bearer)
                .timeout(Duration.ofSeconds(60));
    }

    private HttpRequest post(String path, String body) {
        return request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private JsonNode send(HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
