package org.streamgate.transcoder.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartBudgetTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void refusesTheRestartThatExceedsTheBudgetWithinAMinute() {
        RestartBudget budget = new RestartBudget(3);
        assertTrue(budget.allow(T0));
        assertTrue(budget.allow(T0.plusSeconds(10)));
        assertTrue(budget.allow(T0.plusSeconds(20)));
        assertFalse(budget.allow(T0.plusSeconds(30)));
    }

    @Test
    void restartsOlderThanAMinuteNoLongerCount() {
        RestartBudget budget = new RestartBudget(2);
        assertTrue(budget.allow(T0));
        assertTrue(budget.allow(T0.plusSeconds(30)));
        // the first one has left the window, so this is the second within the last minute
        assertTrue(budget.allow(T0.plusSeconds(61)));
        assertFalse(budget.allow(T0.plusSeconds(62)));
    }
}
