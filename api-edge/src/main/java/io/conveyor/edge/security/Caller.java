package io.conveyor.edge.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** An authenticated caller: the token, its scopes, its tenant and its client. */
public final class Caller extends JwtAuthenticationToken {
    private final String tenant;
    private final String client;

    Caller(Jwt token, Collection<? extends GrantedAuthority> authorities, String tenant, String client) {
        super(token, authorities, client);
        this.tenant = tenant;
        this.client = client;
    }

    public String tenant() {
        return tenant;
    }

    public String client() {
        return client;
    }
}
