package io.sluice.examples.telemetry;

import io.sluice.queues.channel.BinaryChannel;
import org.HdrHistogram.Histogram;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;

import java.util.concurrent.TimeUnit;

/**
 * The archive channel's consumer: it must keep every reading, once, in each group's order. It is slower than the
 * feed in bursts: for {@code stallNanos} of every second (from half a second in) it stops reading, as an archive
 * does while its storage flushes or compacts. The archive channel's memory fills within milliseconds of a stall and
 * the router's offers spill to the Chronicle store behind it; after the stall the archive drains memory, then the
 * spilled readings straight from disk, in offer order. It checks every group's sequence numbers (the next expected
 * one, no gap, no repeat) and records the lag of each reading, how long it took to be archived, in an HdrHistogram.
 * <p>
 * Readings recovered from an earlier run's spill store (only with {@code --dir}) are delivered first; they are counted
 * apart and not checked against this run's sequences.
 */
final class Archive implements Agent, MessageHandler
{
    private static final int BATCH = 1024;
    private static final long PERIOD_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long STALL_AT_NS = PERIOD_NS / 2;
    private static final long HIGHEST_LAG_NS = TimeUnit.MINUTES.toNanos(10);

    private final BinaryChannel channel;
    private final long stallNanos;
    private final long startNs;
    private final long[] expected;
    private final long[] archived;
    private final Histogram lag = new Histogram(HIGHEST_LAG_NS, 3);
    private long recoveredLeft;
    private long recoveredSeen;
    private long gaps;
    private long repeats;
    private long foreign;
    private long stalls;
    private boolean stalled;
    private volatile long lastLagNs = -1;
    private volatile boolean done;

    Archive(final BinaryChannel channel, final long stallNanos, final long startNs, final int groups,
        final long recovered)
    {
        this.channel = channel;
        this.stallNanos = stallNanos;
        this.startNs = startNs;
        this.expected = new long[groups];
        this.archived = new long[groups];
        this.recoveredLeft = recovered;
    }

    @Override
    public String roleName()
    {
        return "archive";
    }

    @Override
    public int doWork()
    {
        if (done)
        {
            return 0;
        }
        final long now = System.nanoTime();
        final long phase = Math.floorMod(now - startNs, PERIOD_NS);
        final boolean stallNow = phase >= STALL_AT_NS && phase < STALL_AT_NS + stallNanos;
        if (stallNow != stalled)
        {
            stalled = stallNow;
            if (stallNow)
            {
                stalls++;
            }
        }
        if (stallNow)
        {
            return 0;
        }
        final int taken = channel.drain(this, BATCH);
        if (taken == 0 && channel.isEndOfStream())
        {
            done = true;
            return 1;
        }
        return taken;
    }

    @Override
    public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        if (recoveredLeft > 0)
        {
            recoveredLeft--;
            recoveredSeen++;
            return;
        }
        final int group = Reading.group(buffer, offset);
        final long sequence = Reading.sequence(buffer, offset);
        final long age = Math.max(0, System.nanoTime() - Reading.timestampNanos(buffer, offset));
        lag.recordValue(Math.min(age, HIGHEST_LAG_NS));
        lastLagNs = age;
        if (typeId != Reading.TYPE_ID || length != Reading.LENGTH || group < 0 || group >= expected.length)
        {
            foreign++;
            return;
        }
        archived[group]++;
        final long want = expected[group];
        if (sequence == want)
        {
            expected[group] = want + 1;
        }
        else if (sequence > want)
        {
            gaps += sequence - want;
            expected[group] = sequence + 1;
        }
        else
        {
            repeats++;
        }
    }

    boolean isDone()
    {
        return done;
    }

    /**
     * Lag of the reading archived last, for the live report (any thread).
     */
    long lastLagNs()
    {
        return lastLagNs;
    }

    // read after isDone()

    long archived(final int group)
    {
        return archived[group];
    }

    long expected(final int group)
    {
        return expected[group];
    }

    long gaps()
    {
        return gaps;
    }

    long repeats()
    {
        return repeats;
    }

    long foreign()
    {
        return foreign;
    }

    long recoveredSeen()
    {
        return recoveredSeen;
    }

    long stalls()
    {
        return stalls;
    }

    Histogram lag()
    {
        return lag;
    }
}
