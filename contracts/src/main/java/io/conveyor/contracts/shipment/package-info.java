/** The shipment contracts; their events appear in the event log as {@code shipments.<Name>.v<revision>}. */
@EventDomain("shipments")
package io.conveyor.contracts.shipment;

import io.conveyor.contracts.common.EventDomain;
