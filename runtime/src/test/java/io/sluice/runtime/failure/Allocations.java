package io.sluice.runtime.failure;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bytes allocated by the current thread while running an action, from HotSpot's per-thread allocation counter.
 */
final class Allocations
{
    private static final int RUNS = 3;

    private Allocations()
    {
    }

    /**
     * The fewest bytes allocated by the current thread in one of three runs of the action: one-off allocations of the
     * measurement itself or of the JVM (the first reading of the counter, class initialisation) do not count, an
     * allocation per operation shows in every run.
     */
    static long allocatedBytes(final Runnable action)
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs com.sun.management.ThreadMXBean");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
            "needs per-thread allocation accounting");

        final long threadId = Thread.currentThread().getId();
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < RUNS; i++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            action.run();
            fewest = Math.min(fewest, threads.getThreadAllocatedBytes(threadId) - before);
        }
        return fewest;
    }
}
