package io.conveyor.contracts.order;

import java.util.List;

/** One page of a listing. */
public record OrderPage(List<OrderSummary> items, int page, int size, long totalItems, int totalPages) {}
