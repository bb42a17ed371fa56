package io.conveyor.edge.webhooks;

import io.conveyor.edge.deadletter.Backoff;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound webhooks: how deliveries are sent, retried and given up, and which targets they may reach.
 *
 * @param connectTimeout how long a connection to a receiver may take to open
 * @param requestTimeout how long a receiver may take to answer once the request is sent; an attempt that takes longer
 *     fails and is retried
 * @param maxAttempts after this many failed attempts a delivery is dead: it is not sent again unless redelivered, and
 *     the subscription's next delivery goes ahead
 * @param initialBackoff the wait after a delivery's first failed attempt
 * @param maxBackoff the longest wait between two attempts, and the most a receiver's {@code Retry-After} is honoured
 * @param multiplier each further failure multiplies the wait by this
 * @param jitter up to this fraction of each wait is taken off at random, so that deliveries failing together (a
 *     receiver's outage) are not all retried in the same instant; 0 turns it off
 * @param maxInFlight how many requests a node has open at once, to all receivers together; each subscription has at
 *     most one
 * @param lease how long a node holds a subscription while it sends its next delivery; another node takes the
 *     subscription over once the lease has run out (its node died). Longer than a whole attempt
 *     ({@code connectTimeout + requestTimeout})
 * @param pollInterval how often a node looks for deliveries that are due (a node also looks at once after it stored
 *     new deliveries or finished an attempt)
 * @param rotationGrace after a secret is rotated, deliveries are signed with the old secret too for this long, so a
 *     receiver can switch over
 * @param allowPrivateTargets address ranges (CIDR, e.g. {@code 10.20.0.0/16}, {@code 127.0.0.1/32}) that a
 *     subscription may reach although they are private, loopback, link-local or otherwise internal; empty by default:
 *     such targets are refused
 */
@ConfigurationProperties("conveyor.webhooks")
public record WebhookSettings(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("12") int maxAttempts,
        @DefaultValue("10s") Duration initialBackoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("0.2") double jitter,
        @DefaultValue("32") int maxInFlight,
        @DefaultValue("1m") Duration lease,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("24h") Duration rotationGrace,
        @DefaultValue List<String> allowPrivateTargets) {

    public WebhookSettings {
        if (!positive(connectTimeout) || !positive(requestTimeout)) {
            throw new IllegalArgumentException(
                    "conveyor.webhooks.connect-timeout and request-timeout must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("conveyor.webhooks.max-attempts must be at least 1");
        }
        if (!positive(initialBackoff) || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "conveyor.webhooks.initial-backoff must be positive and max-backoff not below it");
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("conveyor.webhooks.multiplier must be at least 1");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("conveyor.webhooks.jitter must be at least 0 and below 1");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("conveyor.webhooks.max-in-flight must be at least 1");
        }
        // a lease that ran out while its attempt is still open would let a second node send the same delivery
        if (lease.compareTo(connectTimeout.plus(requestTimeout).plusSeconds(5)) < 0) {
            throw new IllegalArgumentException(
                    "conveyor.webhooks.lease must exceed connect-timeout + request-timeout by at least 5 s");
        }
        if (!positive(pollInterval) || rotationGrace.isNegative()) {
            throw new IllegalArgumentException(
                    "conveyor.webhooks.poll-interval must be positive and rotation-grace not negative");
        }
        allowPrivateTargets = List.copyOf(allowPrivateTargets);
        allowPrivateTargets.forEach(AddressRange::parse); // a typo fails the start, not the first subscription
    }

    Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff, multiplier, jitter);
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
