package io.conveyor.command.fulfilment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How long the fulfilment of an order waits on the outside world. */
@ConfigurationProperties("conveyor.fulfilment")
public record FulfilmentSettings(@DefaultValue("30s") Duration paymentTimeout) {}
