package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The Quartz job store as the nodes share it: lock rows made up front, deadlines that survive their node. */
@HttpTest
class QuartzJobStoreTest {
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    WebTestClient web;

    @Autowired
    Scheduler scheduler;

    String schedulerName;

    @BeforeEach
    void nameTheScheduler() throws SchedulerException {
        schedulerName = scheduler.getSchedulerName();
    }

    /** No transaction ever has to insert a lock row (see {@link QuartzLockRows}). */
    @Test
    void both_lock_rows_exist_from_the_start() {
        assertThat(jdbc.queryForList(
                        "select lock_name from qrtz_locks where sched_name = ? order by lock_name",
                        String.class,
                        schedulerName))
                .containsExactly("STATE_ACCESS", "TRIGGER_ACCESS");
    }

    /** A deadline running on a node that dies is run again by another (see {@link RecoveringJobStore}). */
    @Test
    void a_payment_deadline_asks_to_be_recovered() {
        ConveyorApi api = new ConveyorApi(web);
        ProductId mug = api.createProduct(1250, 10);

        api.anOrder().line(mug, 1).paidWith("tok_timeout").place();

        List<Boolean> recovery = await().atMost(ConveyorApi.PATIENCE)
                .until(
                        () -> jdbc.queryForList(
                                "select requests_recovery from qrtz_job_details where sched_name = ? and job_group = ?",
                                Boolean.class,
                                schedulerName,
                                "payment-timeout"),
                        flags -> !flags.isEmpty());
        assertThat(recovery).containsOnly(true);
    }
}
