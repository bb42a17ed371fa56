/** The payment contracts; their events appear in the event log as {@code payments.<Name>.v<revision>}. */
@EventDomain("payments")
package io.conveyor.contracts.payment;

import io.conveyor.contracts.common.EventDomain;
