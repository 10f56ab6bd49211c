package io.paybus.platform.cluster;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a job on one instance at a time across a cluster: in a transaction holding a PostgreSQL
 * advisory lock named after the job. An instance that does not get the lock skips this round (the
 * one that holds it is doing the work).
 */
public class ClusterOnce {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public ClusterOnce(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Runs {@code work} unless another instance runs {@code job} now; whether it ran here. */
    public boolean run(String job, Runnable work) {
        Boolean ran = transaction.execute(tx -> {
            if (!Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(hashtext(?))",
                    Boolean.class, job))) {
                return false;
            }
            work.run();
            return true;
        });
        return Boolean.TRUE.equals(ran);
    }
}
