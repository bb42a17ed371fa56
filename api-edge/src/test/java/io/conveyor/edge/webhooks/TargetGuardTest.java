package io.conveyor.edge.webhooks;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetGuardTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0", "10.0.0.1", "100.64.1.1", "127.0.0.1", "127.255.0.9", "169.254.169.254", "172.16.0.1",
                "172.31.255.255", "192.168.1.1", "198.18.0.1", "224.0.0.1", "255.255.255.255", "::", "::1",
                "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:10.0.0.1", "64:ff9b::a00:1"
            })
    void refuses_internal_addresses(String address) {
        TargetGuard guard = guard(List.of(), address);
        assertThatThrownBy(() -> guard.check(URI.create("https://hooks.example/x")))
                .isInstanceOf(TargetGuard.RefusedTargetException.class)
                .hasMessageContaining("internal address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "172.32.0.1", "192.0.2.10", "203.0.113.7", "2001:db8::1", "2606:4700::1111"})
    void lets_public_addresses_through(String address) {
        assertThatCode(() -> guard(List.of(), address).check(URI.create("https://hooks.example/x")))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.20.0.1", "10.20.255.254"})
    void lets_allowed_ranges_through(String address) {
        assertThatCode(() -> guard(List.of("10.20.0.0/16"), address).check(URI.create("http://inside/x")))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.21.0.1", "127.0.0.1"})
    void refuses_what_lies_outside_the_allowed_ranges(String address) {
        TargetGuard guard = guard(List.of("10.20.0.0/16"), address);
        assertThatThrownBy(() -> guard.check(URI.create("http://inside/x")))
                .isInstanceOf(TargetGuard.RefusedTargetException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ftp://example.com/x",
                "/relative",
                "example.com/x",
                "https://user:pw@example.com/x",
                "https://example.com/x#part",
                "http:///nohost",
                "https://exa mple.com/"
            })
    void refuses_urls_that_are_not_absolute_http_urls(String url) {
        assertThatThrownBy(() -> TargetGuard.parse(url)).isInstanceOf(TargetGuard.MalformedTargetException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "not-an-address/8", "example.com", "10.0.0.0/x"})
    void refuses_settings_that_are_not_ranges(String range) {
        assertThatThrownBy(() -> settings(List.of(range))).isInstanceOf(IllegalArgumentException.class);
    }

    private static TargetGuard guard(List<String> allowed, String address) {
        return new TargetGuard(host -> new InetAddress[] {InetAddress.getByName(address)}, settings(allowed));
    }

    private static WebhookSettings settings(List<String> allowed) {
        return new WebhookSettings(
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                12,
                Duration.ofSeconds(10),
                Duration.ofHours(1),
                2,
                0.2,
                32,
                Duration.ofMinutes(1),
                Duration.ofSeconds(1),
                Duration.ofHours(24),
                allowed);
    }
}
