package io.conveyor.edge.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** An address range in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}); a bare address is a range of one. */
record AddressRange(byte[] network, int prefix) {

    /**
     * Ranges no webhook may reach unless configuration allows them: addresses of this host, of private networks, of
     * link-local (cloud metadata services among them) and multicast, and ranges reserved for special use.
     */
    static final List<AddressRange> INTERNAL = List.of(
            parse("0.0.0.0/8"), // "this" network
            parse("10.0.0.0/8"),
            parse("100.64.0.0/10"), // carrier-grade NAT
            parse("127.0.0.0/8"),
            parse("169.254.0.0/16"), // link-local, 169.254.169.254 is the usual metadata service
            parse("172.16.0.0/12"),
            parse("192.0.0.0/24"),
            parse("192.168.0.0/16"),
            parse("198.18.0.0/15"),
            parse("224.0.0.0/4"), // multicast
            parse("240.0.0.0/4"), // reserved, and the broadcast address
            parse("::/128"),
            parse("::1/128"),
            parse("64:ff9b::/96"), // NAT64: the IPv4 address inside may be internal
            parse("fc00::/7"), // unique local
            parse("fe80::/10"), // link-local
            parse("ff00::/8")); // multicast

    static AddressRange parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!address.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + cidr + "' is not an address range such as 10.0.0.0/8");
        }
        byte[] network;
        try {
            network = InetAddress.getByName(address).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not an address range such as 10.0.0.0/8", e);
        }
        int prefix;
        try {
            prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length", e);
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("'" + cidr + "' has a prefix length out of range");
        }
        return new AddressRange(network, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }
}
