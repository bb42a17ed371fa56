package io.conveyor.edge.error;

import java.net.URI;
import java.util.Map;

/**
 * A well-formed request the platform will not carry out, with a problem type of its own (422): the type names the
 * rule, the properties what broke it, for a client to act on.
 */
public class UnprocessableException extends RuntimeException {
    private final URI type;
    private final String title;
    private final Map<String, Object> properties;

    public UnprocessableException(URI type, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.type = type;
        this.title = title;
        this.properties = Map.copyOf(properties);
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
