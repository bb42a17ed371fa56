package io.conveyor.contracts.payment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.conveyor.contracts.common.Ids;

/** Identifies a payment; serialised as its plain string value. */
public record PaymentId(@JsonValue String value) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public PaymentId {
        Ids.requireText(value, "paymentId");
    }

    public static PaymentId random() {
        return new PaymentId(Ids.random("pay"));
    }

    @Override
    public String toString() {
        return value;
    }
}
