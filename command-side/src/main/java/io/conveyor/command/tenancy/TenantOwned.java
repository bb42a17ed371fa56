package io.conveyor.command.tenancy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

/**
 * An aggregate that belongs to one tenant: the tenant named by the event that created it. {@link TenantIsolation}
 * keeps it: commands from another tenant find no such aggregate, and every event it applies names its tenant.
 */
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public abstract class TenantOwned {
    // part of the aggregate's snapshot, so a snapshot alone restores it
    private String tenant;

    protected TenantOwned() {}

    /** The owning tenant; null only before the first event is applied. */
    final String tenant() {
        return tenant;
    }

    final void ownedBy(String owner) {
        if (tenant == null) {
            tenant = owner;
        }
    }
}
