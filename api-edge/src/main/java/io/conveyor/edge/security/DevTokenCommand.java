package io.conveyor.edge.security;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code dev-token [--tenant=default] [--scopes=all|s1,s2] [--client=dev-cli] [--lifetime=12h]
 * [--key=data/dev-jwt-key.json]}: prints a token signed with the local development key, for the embedded default.
 * Runs without starting the application.
 */
public final class DevTokenCommand {
    public static final String NAME = "dev-token";

    private DevTokenCommand() {}

    /** Prints the token on {@code out}; answers the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String tenant = "default";
        String client = "dev-cli";
        List<String> scopes = Scopes.ALL;
        Duration lifetime = Duration.ofHours(12);
        Path key = Path.of("data/dev-jwt-key.json");
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            String value = pair.length == 2 ? pair[1] : "";
            switch (pair[0]) {
                case "--tenant" -> tenant = value;
                case "--client" -> client = value;
                case "--scopes" -> scopes = value.equals("all") ? Scopes.ALL : parseScopes(value);
                case "--lifetime" -> lifetime = DurationStyle.detectAndParse(value);
                case "--key" -> key = Path.of(value);
                default -> {
                    err.println("unknown option " + arg + "; usage: " + NAME
                            + " [--tenant=default] [--scopes=all|" + String.join(",", Scopes.ALL) + "]"
                            + " [--client=dev-cli] [--lifetime=12h] [--key=data/dev-jwt-key.json]");
                    return 2;
                }
            }
        }
        if (!TenantClaimValidator.isValidTenant(tenant)) {
            err.println("a tenant is 1 to 64 letters, digits, '.', '_' or '-'");
            return 2;
        }
        out.println(DevKeys.at(key).token(tenant, client, scopes, lifetime, "tenant"));
        return 0;
    }

    private static List<String> parseScopes(String value) {
        List<String> scopes = new ArrayList<>();
        Arrays.stream(value.split("[, ]+")).filter(s -> !s.isBlank()).forEach(scopes::add);
        return scopes;
    }
}
