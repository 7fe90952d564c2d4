package org.streamgate.transcoder.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JobProgressTest {

    @Test
    void progressIsMediaTimeOverDurationHeldBelow100UntilTheVodIsFinal() {
        assertEquals(0, Job.progressPercent(JobState.STARTING, 0, 10_000_000));
        assertEquals(25, Job.progressPercent(JobState.PROCESSING, 2_500_000, 10_000_000));
        assertEquals(99, Job.progressPercent(JobState.PROCESSING, 10_000_000, 10_000_000));
        assertEquals(99, Job.progressPercent(JobState.FINALISING, 10_400_000, 10_000_000));
        assertEquals(100, Job.progressPercent(JobState.ENDED, 10_000_000, 10_000_000));
        assertEquals(0, Job.progressPercent(JobState.PROCESSING, 5_000_000, 0), "unknown duration");
        assertEquals(100, Job.progressPercent(JobState.ENDED, 0, 0));
        assertEquals(0, Job.progressPercent(JobState.FAILED, 0, 10_000_000));
    }
}
