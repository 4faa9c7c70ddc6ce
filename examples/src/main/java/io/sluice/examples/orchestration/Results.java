package io.sluice.examples.orchestration;

import io.sluice.runtime.graph.SinkHandler;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The results sink: applies each result (here: marks its task done), behind a dedup window that drops a result sent
 * twice (a worker retried an attempt whose acknowledgement was lost). It records every application, so a task applied
 * twice would show: {@link #appliedTwice()} counts them. Runs on the sink's thread; read {@link #applied(long)} and
 * {@link #appliedTwice()} only after the graph is done.
 */
final class Results implements SinkHandler<Task>
{
    private final BitSet applied = new BitSet();
    private final AtomicLong settled;
    private long appliedTwice;
    private volatile long appliedCount;

    /**
     * An empty results sink.
     *
     * @param settled counts each task settled; this sink adds one per result applied.
     */
    Results(final AtomicLong settled)
    {
        this.settled = settled;
    }

    @Override
    public void onMessage(final Task result)
    {
        final int id = Math.toIntExact(result.id());
        if (applied.get(id))
        {
            appliedTwice++;
        }
        applied.set(id);
        appliedCount = appliedCount + 1;
        settled.incrementAndGet();
    }

    /**
     * Whether the task's result was applied (after the graph is done).
     */
    boolean applied(final long id)
    {
        return applied.get(Math.toIntExact(id));
    }

    /**
     * Results applied to a task that already had one (after the graph is done): should be zero.
     */
    long appliedTwice()
    {
        return appliedTwice;
    }

    /**
     * Results applied (any thread).
     */
    long appliedCount()
    {
        return appliedCount;
    }
}
