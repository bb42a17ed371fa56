package io.conveyor.edge.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductView;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WrittenOnceTest {
    private final WrittenOnce written = new WrittenOnce(new ObjectMapper());

    @Test
    void theSameItemIsSerialisedOnceForEveryStreamThatSendsIt() {
        ProductView view = mug(3);

        byte[] first = written.of(view);

        assertThat(written.of(view)).isSameAs(first);
        assertThat(new String(first, StandardCharsets.UTF_8))
                .contains("\"name\":\"Tasse à café\"")
                .contains("\"available\":3");
    }

    @Test
    void anEqualItemThatIsAnotherObjectIsSerialisedForItself() {
        byte[] first = written.of(mug(3));

        byte[] second = written.of(mug(3));

        assertThat(second).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void aLaterChangeIsNeverAnsweredWithAnEarlierOnesBytes() {
        for (int available = 0; available < 5 * WrittenOnce.SLOTS; available++) {
            assertThat(new String(written.of(mug(available)), StandardCharsets.UTF_8))
                    .contains("\"available\":" + available + ",");
        }
    }

    private static ProductView mug(int available) {
        return new ProductView(new ProductId("prd_mug"), "MUG-1", "Tasse à café", 1200, "EUR", available, 0, available);
    }
}
