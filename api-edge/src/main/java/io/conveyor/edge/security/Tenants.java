package io.conveyor.edge.security;

import io.conveyor.contracts.common.TenantMetadata;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The tenant a request acts for: the tenant claim of its token. Every event carries its tenant in the metadata key
 * {@link #METADATA_KEY}; events written before tenants existed belong to {@link #DEFAULT}.
 */
public final class Tenants {
    public static final String METADATA_KEY = TenantMetadata.KEY;
    public static final String DEFAULT = TenantMetadata.DEFAULT;

    private Tenants() {}

    /** The caller of the request being handled on this thread, if it is authenticated. */
    public static Optional<Caller> caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof Caller caller ? Optional.of(caller) : Optional.empty();
    }

    /**
     * The tenant of the request being handled on this thread. Fails outside an authenticated request: reading data
     * without knowing whose would be a leak, so there is no fallback.
     */
    public static String current() {
        return caller().map(Caller::tenant)
                .orElseThrow(() -> new IllegalStateException("no tenant: not within an authenticated request"));
    }

    /**
     * Names the caller's tenant in the metadata of commands sent while handling its request. Commands sent elsewhere
     * (by a saga, on a deadline) carry their tenant in Axon's correlation data already.
     */
    public static <M extends Message<?>> MessageDispatchInterceptor<M> intoCommands() {
        return messages -> (BiFunction<Integer, M, M>) (index, message) -> {
            Optional<Caller> caller = caller();
            if (caller.isEmpty()) {
                return message;
            }
            @SuppressWarnings("unchecked")
            M named = (M) message.andMetaData(Map.of(METADATA_KEY, caller.get().tenant()));
            return named;
        };
    }
}
