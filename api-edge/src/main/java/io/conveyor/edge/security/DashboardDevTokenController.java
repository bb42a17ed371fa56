package io.conveyor.edge.security;

import io.conveyor.edge.error.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands the dashboard page a development token (tenant {@code default}, every scope, one hour), so that trying
 * Conveyor on one's own machine needs no command line. Only while tokens are verified with the local development key
 * (no JWK set URL), only to a browser on this machine that addresses it as localhost (a request through another host
 * name could come from a page that rebinds its name to this machine), and only unless
 * {@code conveyor.security.dashboard-dev-tokens=false}. Otherwise it does not exist: 404. It adds nothing to what
 * anyone who can read the key file on this machine can do with the {@code dev-token} command.
 */
@RestController
class DashboardDevTokenController {
    static final String PATH = "/dashboard/dev-token";
    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final Set<String> LOCAL_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private final SecuritySettings settings;
    private final boolean devKeyInUse;

    DashboardDevTokenController(SecuritySettings settings, OAuth2ResourceServerProperties properties) {
        this.settings = settings;
        String jwkSetUri = properties.getJwt().getJwkSetUri();
        this.devKeyInUse = jwkSetUri == null || jwkSetUri.isBlank();
    }

    record DevToken(String token, String tenant, Instant expiresAt) {}

    @PostMapping(PATH)
    ResponseEntity<DevToken> token(HttpServletRequest request) {
        if (!devKeyInUse || !settings.dashboardDevTokens() || !fromThisMachine(request)) {
            throw new NotFoundException("this server offers development tokens only with its development key, to a"
                    + " browser on the same machine that addresses it as localhost");
        }
        Instant now = Instant.now();
        Instant expiresAt = now.plus(LIFETIME);
        String token = DevKeys.at(settings.devKey())
                .token(Tenants.DEFAULT, "dashboard", Scopes.ALL, now, expiresAt, settings.tenantClaim());
        // Spring Security's headers already forbid caching the answer (Cache-Control: no-store)
        return ResponseEntity.ok(new DevToken(token, Tenants.DEFAULT, expiresAt));
    }

    private static boolean fromThisMachine(HttpServletRequest request) {
        if (!LOCAL_NAMES.contains(request.getServerName())) {
            return false;
        }
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
