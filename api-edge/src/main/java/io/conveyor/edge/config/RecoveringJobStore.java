package io.conveyor.edge.config;

import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.spi.OperableTrigger;
import org.springframework.scheduling.quartz.LocalDataSourceJobStore;

/**
 * Spring's transactional job store, storing every job as one that asks Quartz for recovery. Axon's deadline jobs do
 * not ask for it, so a deadline that was running on a node that died would be dropped by the node that recovers
 * its work; with recovery it runs again there. The saga ignores a deadline it has already handled, so a second run
 * after an unseen success changes nothing.
 */
public class RecoveringJobStore extends LocalDataSourceJobStore {

    @Override
    public void storeJobAndTrigger(JobDetail job, OperableTrigger trigger) throws JobPersistenceException {
        super.storeJobAndTrigger(job.getJobBuilder().requestRecovery(true).build(), trigger);
    }
}
