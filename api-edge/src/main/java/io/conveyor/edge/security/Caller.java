package io.conveyor.edge.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/** An authenticated caller: the token, its scopes, its tenant and its client. */
public final class Caller extends JwtAuthenticationToken {
    private final String tenant;
    private final String client;

    private Caller(Jwt token, Collection<? extends GrantedAuthority> authorities, String tenant, String client) {
        super(token, authorities, client);
        this.tenant = tenant;
        this.client = client;
    }

    /** The caller a verified token speaks for: its scopes, its tenant claim, and the first client claim it carries. */
    static Caller of(Jwt token, SecuritySettings settings) {
        Collection<GrantedAuthority> scopes = new JwtGrantedAuthoritiesConverter().convert(token);
        String client = settings.clientClaims().stream()
                .map(token::getClaimAsString)
                .filter(value -> value != null && !value.isBlank())
                .findFirst()
                .orElse("unknown");
        return new Caller(token, scopes, token.getClaimAsString(settings.tenantClaim()), client);
    }

    public String tenant() {
        return tenant;
    }

    public String client() {
        return client;
    }
}
