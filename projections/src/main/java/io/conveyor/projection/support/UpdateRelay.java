package io.conveyor.projection.support;

import java.util.List;

/** Carries live updates to the other nodes of a cluster, which hand them to their own subscribers. */
public interface UpdateRelay {
    <Q, U> void publish(Class<Q> queryType, List<Q> queries, U update);
}
