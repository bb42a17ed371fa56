package io.conveyor.edge.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;

/** A {@link CloudEventMapper} outside Spring, for tests of the ways events leave the platform. */
public final class TestCloudEventMappers {
    private TestCloudEventMappers() {}

    public static CloudEventMapper withSource(ObjectMapper json, URI source) {
        return new CloudEventMapper(new EventCatalogue(), json, source);
    }
}
