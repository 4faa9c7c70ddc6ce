package io.sluice.runtime.graph;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Wraps a user agent of a graph and counts its duty cycles, busy cycles, work and errors, as {@link StageAgent}
 * counts a stage's: plain fields written by the agent's thread, published with a release store into a padded slot
 * array that any thread reads with an acquire load. No allocation, no volatile write per duty cycle.
 * <p>
 * Errors thrown by the user's {@code doWork} are counted and rethrown unchanged, so the graph's runner handles them
 * as it did without the wrapper ({@link AgentTerminationException} is not counted as an error: it ends the agent).
 * <p>
 * <b>Note:</b> {@code doWork}, {@code onStart} and {@code onClose} run on the agent's thread only; {@link #counters}
 * may be called from any thread.
 */
final class CountingAgent implements Agent
{
    // slots of the published counters, padded by 16 longs either side from other objects' fields
    private static final int DUTY_CYCLES = 16;
    private static final int BUSY_CYCLES = 17;
    private static final int WORK_COUNT = 18;
    private static final int ERRORS = 19;
    private static final int CLOSED = 20;
    private static final int COUNTER_SLOTS = 16 + 5 + 16;
    private static final VarHandle COUNTER = MethodHandles.arrayElementVarHandle(long[].class);

    final Agent delegate;
    final boolean joined;
    private final long[] published = new long[COUNTER_SLOTS];
    // set by the graph before the agent runs (start or join); read by the metrics publisher
    private volatile String group = "";

    // counted plainly by the agent's thread, published with release stores (readers see them at most a cycle late)
    private long dutyCycles;
    private long busyCycles;
    private long workCount;
    private long errors;

    CountingAgent(final Agent delegate, final boolean joined, final String group)
    {
        this.delegate = delegate;
        this.joined = joined;
        this.group = group;
    }

    void group(final String group)
    {
        this.group = group;
    }

    String group()
    {
        return group;
    }

    @Override
    public void onStart()
    {
        delegate.onStart();
    }

    @Override
    public int doWork() throws Exception
    {
        final int work;
        try
        {
            work = delegate.doWork();
        }
        catch (final AgentTerminationException ex)
        {
            COUNTER.setRelease(published, DUTY_CYCLES, ++dutyCycles);
            throw ex;
        }
        catch (final Exception | Error ex)
        {
            // publishes the error before the runner's error handler can see it
            COUNTER.setRelease(published, ERRORS, ++errors);
            COUNTER.setRelease(published, DUTY_CYCLES, ++dutyCycles);
            throw ex;
        }
        if (work > 0)
        {
            // busy and work before duty cycles: a reader that sees the cycle sees what it did
            COUNTER.setRelease(published, BUSY_CYCLES, ++busyCycles);
            workCount += work;
            COUNTER.setRelease(published, WORK_COUNT, workCount);
        }
        COUNTER.setRelease(published, DUTY_CYCLES, ++dutyCycles);
        return work;
    }

    @Override
    public void onClose()
    {
        try
        {
            delegate.onClose();
        }
        finally
        {
            COUNTER.setRelease(published, CLOSED, 1L);
        }
    }

    @Override
    public String roleName()
    {
        return delegate.roleName();
    }

    /**
     * Fill a snapshot (any thread): the closed flag first, so a snapshot that sees it sees the final counts; then duty
     * cycles, so the other counts cover at least the cycles read (they are stored before the cycle is).
     */
    AgentCounters counters(final AgentCounters into)
    {
        into.name = delegate.roleName();
        into.group = group;
        into.joined = joined;
        into.closed = (long)COUNTER.getAcquire(published, CLOSED) != 0;
        into.dutyCycles = (long)COUNTER.getAcquire(published, DUTY_CYCLES);
        into.errors = (long)COUNTER.getAcquire(published, ERRORS);
        into.workCount = (long)COUNTER.getAcquire(published, WORK_COUNT);
        into.busyCycles = (long)COUNTER.getAcquire(published, BUSY_CYCLES);
        return into;
    }
}
