package io.sluice.examples.demo;

import io.sluice.persistence.resume.SequenceCheckpoint;
import io.sluice.persistence.resume.SequenceTracker;
import io.sluice.persistence.spill.ChronicleSpillStore;
import io.sluice.runtime.graph.SinkHandler;
import org.HdrHistogram.Recorder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The sink: a deliberately slow store. Each record costs a set time, spent parked as a device or a remote database
 * would keep the thread waiting (the cost is settled in parks of at least {@link #PARK_QUANTUM_NANOS}, so the average
 * rate is exact without a busy core). It removes repeats per sensor with a {@link SequenceTracker} (after a crash the
 * sensors resend from the last acknowledgement), and every {@link #ACK_EVERY} records acknowledges the spill store
 * and writes each sensor's contiguous watermark to its durable {@link SequenceCheckpoint}: that is the "last durable
 * acknowledgement" the sensors resume from.
 */
final class SlowStore implements SinkHandler<Summary>
{
    static final int ACK_EVERY = 64;
    static final long PARK_QUANTUM_NANOS = 200_000L;
    private static final VarHandle STORED;
    private static final VarHandle REPEATS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            STORED = lookup.findVarHandle(SlowStore.class, "stored", long.class);
            REPEATS = lookup.findVarHandle(SlowStore.class, "repeats", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final SequenceTracker[] trackers;
    private final SequenceCheckpoint[] checkpoints;
    private final ChronicleSpillStore<Summary> spill;
    private final Recorder latency = new Recorder(3_600_000_000_000L, 2);
    private final long startNanos;
    private volatile long costNanos;
    private long debtNanos;
    private int sinceAck;
    private long stored;
    private long repeats;

    SlowStore(
        final SequenceTracker[] trackers,
        final SequenceCheckpoint[] checkpoints,
        final ChronicleSpillStore<Summary> spill,
        final long costNanos,
        final long startNanos)
    {
        this.startNanos = startNanos;
        this.trackers = trackers;
        this.checkpoints = checkpoints;
        this.spill = spill;
        this.costNanos = costNanos;
    }

    @Override
    public void onMessage(final Summary summary)
    {
        if (!trackers[summary.sensor].onSequence(summary.sequence))
        {
            REPEATS.setOpaque(this, repeats + 1);
            return;
        }
        debtNanos += costNanos;
        if (debtNanos >= PARK_QUANTUM_NANOS)
        {
            final long start = System.nanoTime();
            LockSupport.parkNanos(debtNanos);
            final long end = System.nanoTime();
            debtNanos -= end - start;
            if (summary.createdNanos - startNanos >= 0)
            {
                // only readings made in this run: a record recovered from the spill was made before a crash
                latency.recordValue(end - summary.createdNanos);
            }
        }
        STORED.setOpaque(this, stored + 1);
        if (++sinceAck >= ACK_EVERY)
        {
            acknowledge();
        }
    }

    /**
     * Acknowledge what is stored: the spill store's position and each sensor's watermark (the store's thread, or
     * any thread once the graph has closed).
     */
    void acknowledge()
    {
        sinceAck = 0;
        spill.acknowledge();
        for (int i = 0; i < trackers.length; i++)
        {
            checkpoints[i].acknowledge(trackers[i].watermark());
        }
    }

    /**
     * Change the time each record costs (any thread).
     *
     * @param nanos per record.
     */
    void costNanos(final long nanos)
    {
        costNanos = nanos;
    }

    /**
     * Records stored (any thread).
     *
     * @return the count.
     */
    long stored()
    {
        return (long)STORED.getOpaque(this);
    }

    /**
     * Records seen again and not stored again (any thread).
     *
     * @return the count.
     */
    long repeats()
    {
        return (long)REPEATS.getOpaque(this);
    }

    /**
     * End-to-end latency (sensor to store) of a sample of stored records since the last call; the recorder is safe
     * to read from another thread.
     *
     * @return the recorder.
     */
    Recorder latency()
    {
        return latency;
    }
}
