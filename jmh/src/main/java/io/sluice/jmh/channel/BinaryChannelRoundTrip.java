package io.sluice.jmh.channel;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The implementations of {@link BinaryChannelThroughput} on one thread: a call offers {@value #BURST} messages of
 * {@value BinaryChannelThroughput#MESSAGE_LENGTH} bytes (a copy, or a claim written in place and committed) and then
 * drains them back, {@link #drainLimit} at a time, through the same endpoints and handler. With no second thread no
 * cache line moves between cores, so the score is the cost of the code path (one offer and one delivery per
 * message): what a binary channel's credits, counters and water marks add to the Agrona ring it wraps, free of the
 * two-thread benchmark's fork regimes on a small host (every ring there, Agrona's too, switches between two rates).
 * It is not the two-thread figure and does not replace it; it tells how much of a two-thread gap can be the code.
 * <p>
 * Score: messages per microsecond, one offered and delivered message per operation. A refused offer or a drain that
 * comes up short fails the run (the burst is far below the capacity, so neither can happen in a correct ring).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class BinaryChannelRoundTrip
{
    /**
     * Messages one call offers and then drains.
     */
    public static final int BURST = 64;

    @Param
    BinaryChannelThroughput.Impl impl;

    /**
     * Capacity in messages, as in the two-thread benchmark.
     */
    @Param("1024")
    int capacity;

    /**
     * Messages one drain call may deliver: 1 (one call per message, like with like) or the whole burst.
     */
    @Param({"1", "64"})
    int drainLimit;

    private BinaryChannelThroughput.Endpoint endpoint;

    @Setup(Level.Trial)
    public void setUp()
    {
        endpoint = BinaryChannelThroughput.newEndpoint(impl, capacity);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public int offerThenDrain()
    {
        final BinaryChannelThroughput.Endpoint endpoint = this.endpoint;
        for (int i = 0; i < BURST; i++)
        {
            if (!endpoint.offer())
            {
                throw new IllegalStateException(impl + ": offer refused with " + i + " of " + BURST + " in a ring " +
                    "of capacity " + capacity);
            }
        }
        final int limit = drainLimit;
        int drained = 0;
        int emptyDrains = 0;
        while (drained < BURST)
        {
            final int count = endpoint.drain(limit);
            if (0 == count)
            {
                // a read that reaches the end of the ring may step over its padding record and deliver nothing;
                // the next read starts at the beginning, so two empty reads in a row mean a message is missing
                if (++emptyDrains == 2)
                {
                    throw new IllegalStateException(impl + ": drained " + drained + " of the " + BURST +
                        " messages offered");
                }
            }
            else
            {
                emptyDrains = 0;
                drained += count;
            }
        }
        return drained;
    }

    /**
     * Check the ring is empty and (Sluice) conserved after each iteration.
     */
    @TearDown(Level.Iteration)
    public void drain()
    {
        endpoint.drainAndCheck();
    }
}
