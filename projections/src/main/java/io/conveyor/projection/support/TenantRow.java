package io.conveyor.projection.support;

import io.conveyor.contracts.common.TenantMetadata;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** A read-model row of one tenant: the tenant named by the event that created it. Queries answer within one. */
@MappedSuperclass
public abstract class TenantRow {
    @Column(name = "tenant", nullable = false)
    private String tenant = TenantMetadata.DEFAULT;

    /** Takes the tenant from the creating event's metadata value (none: the default tenant). */
    public void ownedBy(String owner) {
        tenant = TenantMetadata.orDefault(owner);
    }

    public String tenant() {
        return tenant;
    }

    public boolean belongsTo(String candidate) {
        return tenant.equals(candidate);
    }
}
