/** The stock contracts; their events appear in the event log as {@code products.<Name>.v<revision>}. */
@EventDomain("products")
package io.conveyor.contracts.stock;

import io.conveyor.contracts.common.EventDomain;
