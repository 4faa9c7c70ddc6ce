package io.sluice.examples.demo;

import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SourceHandler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A sensor: sends its readings at a fixed rate, numbered from a first sequence number (1, or after a crash the one
 * after the store's durable acknowledgement), until a stop time. When the pipeline pushes back, the graph calls it
 * with less room or not at all, and it falls behind its schedule; a reading is made only when it can be sent, so
 * falling behind lowers its rate and loses nothing. It never runs more than {@link #MAX_LAG_NANOS} behind, so when the
 * push-back ends it resumes its rate instead of bursting to catch up.
 */
final class SensorSource implements SourceHandler<RawReading>
{
    static final long MAX_LAG_NANOS = 20_000_000L;
    private static final VarHandle NEXT;

    static
    {
        try
        {
            NEXT = MethodHandles.lookup().findVarHandle(SensorSource.class, "next", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final int sensor;
    private final long first;
    private final long intervalNanos;
    private final Timeline timeline;
    private long dueNanos = Long.MIN_VALUE;
    private long next;

    SensorSource(final int sensor, final long first, final long ratePerSecond, final Timeline timeline)
    {
        this.sensor = sensor;
        this.first = first;
        this.next = first;
        this.intervalNanos = Math.max(1, 1_000_000_000L / ratePerSecond);
        this.timeline = timeline;
    }

    @Override
    public int produce(final Outbox<RawReading> outbox, final int limit)
    {
        final long now = System.nanoTime();
        if (timeline.sourcesStopped(now))
        {
            return END_OF_STREAM;
        }
        if (dueNanos == Long.MIN_VALUE || now - dueNanos > MAX_LAG_NANOS)
        {
            dueNanos = dueNanos == Long.MIN_VALUE ? now : now - MAX_LAG_NANOS;
        }
        int emitted = 0;
        long sequence = next;
        while (emitted < limit && dueNanos - now <= 0)
        {
            outbox.emit(new RawReading(now, Reading.line(sensor, sequence)));
            sequence++;
            dueNanos += intervalNanos;
            emitted++;
        }
        NEXT.setOpaque(this, sequence);
        return emitted;
    }

    /**
     * The first sequence number this run sends.
     *
     * @return first.
     */
    long first()
    {
        return first;
    }

    /**
     * Readings sent so far this run (any thread).
     *
     * @return the count.
     */
    long sent()
    {
        return (long)NEXT.getOpaque(this) - first;
    }

    /**
     * The last sequence number sent, {@code first - 1} if none (any thread; exact once the graph has closed).
     *
     * @return the last sequence number.
     */
    long last()
    {
        return (long)NEXT.getOpaque(this) - 1;
    }
}
