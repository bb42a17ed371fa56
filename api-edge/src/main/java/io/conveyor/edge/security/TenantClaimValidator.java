package io.conveyor.edge.security;

import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** A token must name its tenant, in a form that fits where tenants are stored. */
final class TenantClaimValidator implements OAuth2TokenValidator<Jwt> {
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String claim;

    TenantClaimValidator(String claim) {
        this.claim = claim;
    }

    static boolean isValidTenant(String tenant) {
        return tenant != null && TENANT.matcher(tenant).matches();
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        Object tenant = token.getClaims().get(claim);
        if (tenant instanceof String value && isValidTenant(value)) {
            return OAuth2TokenValidatorResult.success();
        }
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(
                "invalid_token",
                "the token must name its tenant in the '" + claim + "' claim (1 to 64 letters, digits, '.', '_', '-')",
                null));
    }
}
