package io.sluice.jmh.spill;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.management.ManagementFactory;

/**
 * Bytes the benchmark thread allocated inside the measured calls, per message: the spill path's own allocation,
 * without JMH's per-iteration bookkeeping and the iteration's set-up and tear-down, which {@code -prof gc} counts
 * too (it sees the whole JVM). Every implementation appends and drains on the benchmark thread, so this covers the
 * channel, the store, the codec and Chronicle's appender and tailer, but not other threads: compare with
 * {@code gc.alloc.rate.norm}.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class AllocationCounters
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private long bytes;
    private long messages;
    private long start;

    @Setup(Level.Iteration)
    public void reset()
    {
        bytes = 0;
        messages = 0;
    }

    /**
     * @return bytes allocated by the benchmark thread per message in this iteration's measured calls.
     */
    public double threadBytesPerMessage()
    {
        return messages == 0 ? 0.0 : (double)bytes / messages;
    }

    void begin()
    {
        start = THREADS.getCurrentThreadAllocatedBytes();
    }

    void end(final long count)
    {
        bytes += THREADS.getCurrentThreadAllocatedBytes() - start;
        messages += count;
    }
}
