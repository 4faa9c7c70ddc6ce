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
 * The implementations of {@link ObjectChannelThroughput} on one thread: a call offers {@value #BURST} messages and
 * then polls them back, through the same endpoints. With no second thread there is no cache line passed between
 * cores, so the score is the cost of the code path itself (one offer and one poll per message): what a channel's
 * credits, counters and water marks add to the queue it wraps, without the cross-core effects and fork-to-fork
 * regimes that spread the two-thread figures on a small host. It is not the two-thread benchmark's figure and does not
 * replace it (a queue's cost under two threads is mostly its cache traffic); it tells how much of a two-thread gap
 * can be the code.
 * <p>
 * Score: messages per microsecond, one offered and polled message per operation. A refused offer or a missing message
 * fails the run (the burst is far below the capacity, so neither can happen in a correct queue).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class ObjectChannelRoundTrip
{
    /**
     * Messages one call offers and then polls.
     */
    public static final int BURST = 64;

    @Param
    ObjectChannelThroughput.Impl impl;

    /**
     * Capacity in messages, as in the two-thread benchmark.
     */
    @Param("1024")
    int capacity;

    private ObjectChannelThroughput.Endpoint endpoint;

    @Setup(Level.Trial)
    public void setUp()
    {
        endpoint = ObjectChannelThroughput.newEndpoint(impl, capacity);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public int offerThenPoll()
    {
        final ObjectChannelThroughput.Endpoint endpoint = this.endpoint;
        for (int i = 0; i < BURST; i++)
        {
            if (!endpoint.offer(ObjectChannelThroughput.MESSAGE))
            {
                throw new IllegalStateException(impl + ": offer refused with " + i + " of " + BURST + " in a queue " +
                    "of capacity " + capacity);
            }
        }
        int polled = 0;
        for (int i = 0; i < BURST; i++)
        {
            if (null == endpoint.poll())
            {
                throw new IllegalStateException(impl + ": polled " + i + " of the " + BURST + " messages offered");
            }
            polled++;
        }
        return polled;
    }

    /**
     * Check the queue is empty and (Sluice) conserved after each iteration.
     */
    @TearDown(Level.Iteration)
    public void drain()
    {
        endpoint.drainAndCheck();
    }
}
