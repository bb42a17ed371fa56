/** The order contracts; their events appear in the event log as {@code orders.<Name>.v<revision>}. */
@EventDomain("orders")
package io.conveyor.contracts.order;

import io.conveyor.contracts.common.EventDomain;
