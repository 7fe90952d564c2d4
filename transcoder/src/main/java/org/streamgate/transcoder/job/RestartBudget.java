package org.streamgate.transcoder.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most {@code maxPerMinute} FFmpeg restarts in any sliding minute. An input that kills FFmpeg again and again
 * (a corrupt stream, a codec FFmpeg cannot handle) would otherwise burn CPU forever; past the budget the job
 * finalises what it has and reports {@code failed}.
 *
 * <p>Concurrency: not thread-safe; the job's supervisor thread owns it.
 */
final class RestartBudget {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int maxPerMinute;
    private final Deque<Instant> restarts = new ArrayDeque<>();

    RestartBudget(int maxPerMinute) {
        this.maxPerMinute = maxPerMinute;
    }

    /** Records a restart at {@code now}. @return false when that makes more than the budget within a minute */
    boolean allow(Instant now) {
        restarts.addLast(now);
        while (!restarts.isEmpty() && restarts.peekFirst().isBefore(now.minus(WINDOW))) {
            restarts.pollFirst();
        }
        return restarts.size() <= maxPerMinute;
    }
}
