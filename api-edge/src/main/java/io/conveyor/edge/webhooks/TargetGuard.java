package io.conveyor.edge.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Keeps webhooks away from the platform's own network: a target must be an absolute http(s) URL whose host resolves
 * only to public addresses, unless {@code conveyor.webhooks.allow-private-targets} allows the range. Checked when a
 * subscription is made and again before every attempt, after resolving the host anew: a name that resolved to a
 * public address at creation and to an internal one later (DNS rebinding) is refused at the attempt. The HTTP client
 * resolves the host again when it connects; the JVM caches a lookup (30 s by default,
 * {@code networkaddress.cache.ttl}, whatever the DNS record's own TTL), so it connects to the address checked here.
 */
@Component
class TargetGuard {
    static final int MAX_URL_LENGTH = 2048;

    private final HostResolver resolver;
    private final List<AddressRange> allowed;

    TargetGuard(HostResolver resolver, WebhookSettings settings) {
        this.resolver = resolver;
        this.allowed =
                settings.allowPrivateTargets().stream().map(AddressRange::parse).toList();
    }

    /** Resolves a host name to its addresses; a bean, so that tests can stand in for DNS. */
    @FunctionalInterface
    interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL that is not an absolute http(s) URL a webhook can be sent to; the message says why. */
    static final class MalformedTargetException extends RuntimeException {
        MalformedTargetException(String message) {
            super(message);
        }
    }

    /** A well-formed URL whose host is internal or cannot be resolved; the message says which address. */
    static final class RefusedTargetException extends RuntimeException {
        RefusedTargetException(String message) {
            super(message);
        }
    }

    /** The URL as a webhook target, its shape checked; its addresses are not looked at. */
    static URI parse(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
            throw new MalformedTargetException(
                    "url must be an absolute http or https URL of at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new MalformedTargetException("url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new MalformedTargetException("url must be an absolute http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new MalformedTargetException("url must not carry credentials; receivers check the signature");
        }
        if (uri.getRawFragment() != null) {
            throw new MalformedTargetException("url must not have a fragment");
        }
        return uri;
    }

    /**
     * Checks that every address the target's host resolves to may be reached.
     *
     * @throws RefusedTargetException naming the host and the refused address, or saying that the host does not resolve
     */
    void check(URI target) {
        String host = target.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new RefusedTargetException("the host " + host + " does not resolve");
        }
        if (addresses.length == 0) {
            throw new RefusedTargetException("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isInternal(address) && allowed.stream().noneMatch(range -> range.contains(address))) {
                throw new RefusedTargetException("the host " + host + " resolves to " + address.getHostAddress()
                        + ", an internal address; webhooks reach public addresses only");
            }
        }
    }

    private static boolean isInternal(InetAddress address) {
        // the JDK's own predicates as well, for forms the ranges do not spell out (IPv4-compatible IPv6 and the like)
        return address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()
                || AddressRange.INTERNAL.stream().anyMatch(range -> range.contains(address));
    }
}
