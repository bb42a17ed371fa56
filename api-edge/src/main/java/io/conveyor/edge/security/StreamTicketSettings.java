package io.conveyor.edge.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Stream tickets ({@link StreamTickets}).
 *
 * @param ttl how long a ticket may wait before it is presented: long enough for a page to open its stream, short
 *     enough that a ticket seen in a log or a browser history is worthless by then
 */
@ConfigurationProperties("conveyor.stream-tickets")
public record StreamTicketSettings(@DefaultValue("30s") Duration ttl) {}
