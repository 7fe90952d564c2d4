package org.streamgate.transcoder.ffmpeg;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.exec.ProcessDestroyer;

/**
 * Every FFmpeg process this service started and that has not exited yet, so a server stop can make sure none is
 * left running. Plugged into commons-exec as its {@link ProcessDestroyer}.
 *
 * <p>Concurrency: backed by a concurrent set; {@link #add}/{@link #remove} are called from executor threads.
 */
public final class ProcessTracker implements ProcessDestroyer {

    private static final System.Logger LOG = System.getLogger(ProcessTracker.class.getName());

    private final Set<Process> live = ConcurrentHashMap.newKeySet();

    @Override
    public boolean add(Process process) {
        return live.add(process);
    }

    @Override
    public boolean remove(Process process) {
        return live.remove(process);
    }

    @Override
    public int size() {
        return (int) live.stream().filter(Process::isAlive).count();
    }

    /** SIGKILL whatever is still alive and wait briefly for the kernel to reap it. */
    public void killAll() {
        List<Process> left = List.copyOf(live);
        for (Process p : left) {
            if (p.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "killing leftover ffmpeg pid " + p.pid());
                p.destroyForcibly();
            }
        }
        for (Process p : left) {
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            live.remove(p);
        }
    }
}
