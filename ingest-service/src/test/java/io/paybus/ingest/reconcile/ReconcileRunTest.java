package io.paybus.ingest.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReconcileRunTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-11T00:00:00Z");

    @Test
    void progressRunsFromTheWindowsEndToItsStartAsEventsAreListedNewestFirst() {
        ReconcileRun fresh = run(null, 0, 0, "RUNNING", START, START);
        assertThat(fresh.progress()).isZero();
        assertThat(fresh.etaSeconds()).isNull();

        // 4 of 10 days listed in 100 s: 150 s to go.
        ReconcileRun going = run(Instant.parse("2026-11-07T00:00:00Z"), 4_000, 40, "RUNNING", START,
                START.plusSeconds(100));
        assertThat(going.progress()).isEqualTo(0.4);
        assertThat(going.rate()).isEqualTo(40.0);
        assertThat(going.etaSeconds()).isEqualTo(150);
        assertThat(going.lossRate()).isEqualTo(40 / 4_000.0);

        ReconcileRun done = run(Instant.parse("2026-11-05T00:00:00Z"), 5_000, 0, "DONE", START, START.plusSeconds(100));
        assertThat(done.progress()).as("done is done, however few events the window's start had").isEqualTo(1.0);
        assertThat(done.etaSeconds()).isZero();
        assertThat(done.lossRate()).isZero();
    }

    private static ReconcileRun run(Instant position, long relevant, long recovered, String status, Instant started,
            Instant updated) {
        return new ReconcileRun(1, "stripe:default", "backfill", START, END, null, position, relevant, relevant,
                relevant - recovered, recovered, 0, status, "key:ops", "test", null, started, updated,
                "DONE".equals(status) ? updated : null);
    }
}
