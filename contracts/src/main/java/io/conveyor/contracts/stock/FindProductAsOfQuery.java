package io.conveyor.contracts.stock;

import java.time.Instant;

/** One product's stock as it was at an instant, computed from its events; empty if it did not exist yet. */
public record FindProductAsOfQuery(String tenant, ProductId productId, Instant asOf) {}
