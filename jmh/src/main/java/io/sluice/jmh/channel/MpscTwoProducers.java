package io.sluice.jmh.channel;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * MPSC inbox, object messages, two producer threads and one consumer thread: the Sluice OBJECT_MPSC channel against
 * the raw JCTools {@code MpscArrayQueue} it wraps, one message per call on each side, as in
 * {@link ObjectChannelThroughput} (same endpoints, same preallocated message, same counters and the same drain and
 * conservation check at every iteration's tear-down).
 * <p>
 * <b>A smoke run only.</b> The machine of {@code docs/benchmarks.md} has 2 cores, and this group has 3 threads that
 * never block: the operating system time-slices them, so the figures say more about the scheduler than about the
 * producers' contention on the queue, and the two implementations can be compared only roughly. It shows that two
 * producers work and lose nothing; the one-producer MPSC comparison is in {@link ObjectChannelThroughput}
 * ({@code SLUICE_OBJECT_MPSC} against {@code JCTOOLS_MPSC_ARRAY_QUEUE}) and in {@link BinaryChannelThroughput}
 * ({@code SLUICE_BINARY_MPSC_OFFER} against Agrona's {@code ManyToOneRingBuffer}).
 * <p>
 * The figure to read is the consumer's {@code delivered} rate; {@code offersMade} and {@code offersRefused} are summed
 * over both producers.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class MpscTwoProducers
{
    /**
     * The implementations under test.
     */
    public enum Impl
    {
        /**
         * Sluice OBJECT_MPSC channel (credits AUTO, counters on, FAIL_FAST), as in {@link ObjectChannelThroughput}.
         */
        SLUICE_OBJECT_MPSC("Sluice OBJECT_MPSC (2 producers)", ObjectChannelThroughput.Impl.SLUICE_OBJECT_MPSC),

        /**
         * Raw JCTools {@code MpscArrayQueue}, the queue inside OBJECT_MPSC.
         */
        JCTOOLS_MPSC_ARRAY_QUEUE("JCTools MpscArrayQueue (2 producers)",
            ObjectChannelThroughput.Impl.JCTOOLS_MPSC_ARRAY_QUEUE);

        private final String label;
        private final ObjectChannelThroughput.Impl endpoint;

        Impl(final String label, final ObjectChannelThroughput.Impl endpoint)
        {
            this.label = label;
            this.endpoint = endpoint;
        }

        /**
         * Human-readable name for tables.
         *
         * @return the label.
         */
        public String label()
        {
            return label;
        }
    }

    /**
     * The implementation under test.
     */
    @Param
    Impl impl;

    /**
     * Capacity in messages, the same for both implementations.
     */
    @Param("1024")
    int capacity;

    private ObjectChannelThroughput.Endpoint endpoint;

    /**
     * Build the channel or queue shared by the group.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        endpoint = ObjectChannelThroughput.newEndpoint(impl.endpoint, capacity);
    }

    /**
     * One producer's call (two threads of the group run it): one offer of the preallocated message.
     *
     * @param counters the calling producer's counters.
     */
    @Benchmark
    @Group("twoProducers")
    @GroupThreads(2)
    public void offer(final ProducerCounters counters)
    {
        if (endpoint.offer(ObjectChannelThroughput.MESSAGE))
        {
            counters.offersMade++;
        }
        else
        {
            counters.offersRefused++;
        }
    }

    /**
     * The consumer's call: one poll.
     *
     * @param counters the consumer's counters.
     * @return the message, or null, for JMH to consume.
     */
    @Benchmark
    @Group("twoProducers")
    @GroupThreads(1)
    public Object poll(final ConsumerCounters counters)
    {
        final Object message = endpoint.poll();
        if (null == message)
        {
            counters.pollsEmpty++;
        }
        else
        {
            counters.delivered++;
        }
        return message;
    }

    /**
     * Empty the channel and check it (for Sluice: depth 0 and conserved) once all three threads have left the
     * measurement loop, so the next iteration starts from the same state.
     */
    @TearDown(Level.Iteration)
    public void drain()
    {
        endpoint.drainAndCheck();
    }
}
