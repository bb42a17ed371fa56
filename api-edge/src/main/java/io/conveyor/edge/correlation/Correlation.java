package io.conveyor.edge.correlation;

import io.conveyor.contracts.common.TenantMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The request id and W3C trace context of an HTTP request, carried into the metadata of the commands it sends (and
 * from there, through Axon's correlation data, into every event and saga command that follows) and into the logs
 * ({@code MDC}) of whatever handles them.
 */
public final class Correlation {
    public static final String REQUEST_ID = "requestId";
    public static final String TRACEPARENT = "traceparent";
    public static final List<String> KEYS = List.of(REQUEST_ID, TRACEPARENT);
    /** What a handler's log lines name: the request's ids and the tenant the message acts for. */
    private static final List<String> LOGGED = List.of(REQUEST_ID, TRACEPARENT, TenantMetadata.KEY);

    private Correlation() {}

    /** Adds the current request's ids to commands sent while handling it. */
    public static <M extends Message<?>> MessageDispatchInterceptor<M> fromRequest() {
        return messages -> (BiFunction<Integer, M, M>) (index, message) -> {
            RequestAttributes request = RequestContextHolder.getRequestAttributes();
            if (request == null) {
                return message;
            }
            Map<String, Object> ids = new HashMap<>();
            for (String key : KEYS) {
                Object value = request.getAttribute(attribute(key), RequestAttributes.SCOPE_REQUEST);
                if (value != null && !message.getMetaData().containsKey(key)) {
                    ids.put(key, value);
                }
            }
            @SuppressWarnings("unchecked")
            M enriched = ids.isEmpty() ? message : (M) message.andMetaData(ids);
            return enriched;
        };
    }

    /** Puts a handled message's ids into the logging context for the time it is handled. */
    public static <M extends Message<?>> MessageHandlerInterceptor<M> intoLogs() {
        return (UnitOfWork<? extends M> unitOfWork, InterceptorChain chain) -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            try {
                for (String key : LOGGED) {
                    Object value = unitOfWork.getMessage().getMetaData().get(key);
                    if (value != null) {
                        MDC.put(key, value.toString());
                    }
                }
                return chain.proceed();
            } finally {
                if (before == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(before);
                }
            }
        };
    }

    static String attribute(String key) {
        return Correlation.class.getName() + "." + key;
    }
}
