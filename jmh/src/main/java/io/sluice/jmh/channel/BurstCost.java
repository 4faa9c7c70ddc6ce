package io.sluice.jmh.channel;

import io.sluice.jmh.support.SpinAgent;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.OfferResult;
import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.sluice.jmh.support.SpinAgent.SPINS_PER_CLOCK_READ_MASK;

/**
 * Burst cost, in the style of JCTools' {@code QueueBurstCost}: the benchmark thread offers a burst of {@link #burst}
 * preallocated messages, then waits until a consumer thread has taken the last of them. One call is one burst; the
 * score is the mean time per burst in ns, from the first offer until the producer sees that the consumer has the
 * last message.
 * <p>
 * Method: the consumer thread (started at the trial's set-up, stopped and joined at its tear-down) busy-polls the
 * queue and, for every message it takes, raises a count of messages seen, kept with a release store in a cell padded
 * by two cache lines on either side so that nothing else the producer or the consumer touches shares its line. The
 * producer knows how many messages it has sent in all; after its burst it spins, with acquire loads, until the count
 * reaches that total. A burst of 1 is thus one one-way hand-off plus the count's way back; a burst of 100 adds the
 * producer's 99 further offers, overlapped with the consumer's polls, and the consumer's drain of the backlog.
 * <p>
 * Pitfalls avoided: every burst is fully consumed before the call returns, so no message is ever left over into the
 * next burst or iteration (the burst may not exceed the capacity, checked at set-up, so an offer is never refused by a
 * full queue); nothing is allocated per message; the waits are bounded (the clock is read only once every
 * {@code 2^16} spins, so the measured path has no clock read) and fail the run if the consumer died or the deadline
 * passed, rather than hang the fork; at the end the consumer must have seen exactly what was sent, the queue must be
 * empty and, for Sluice, the channel's counters conserved.
 * <p>
 * Both threads spin: on the 2-core machine of {@code docs/benchmarks.md} they take both cores, so anything else
 * running at the same time shows as noise in the error.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@Threads(1)
public class BurstCost
{
    /**
     * Longest wait of the producer for room or for the consumer, and of the tear-down for the consumer to stop.
     */
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * The message: one preallocated object, so nothing is allocated per message.
     */
    static final Integer MESSAGE = 777;

    /**
     * The implementations under test.
     */
    public enum Impl
    {
        /**
         * Sluice OBJECT_SPSC channel, built as in {@link ObjectChannelThroughput}: credits AUTO and counters on (the
         * builder's defaults), FAIL_FAST.
         */
        SLUICE_OBJECT_SPSC("Sluice OBJECT_SPSC", true, "JCTOOLS_SPSC_ARRAY_QUEUE"),

        /**
         * Raw JCTools {@code SpscArrayQueue}, the queue inside OBJECT_SPSC.
         */
        JCTOOLS_SPSC_ARRAY_QUEUE("JCTools SpscArrayQueue", false, null),

        /**
         * Agrona {@code OneToOneConcurrentArrayQueue}.
         */
        AGRONA_ONE_TO_ONE_QUEUE("Agrona OneToOneConcurrentArrayQueue", false, null),

        /**
         * {@link ArrayBlockingQueue} through its non-blocking {@code offer} and {@code poll}.
         */
        ARRAY_BLOCKING_QUEUE("ArrayBlockingQueue (offer/poll)", false, null);

        private final String label;
        private final boolean sluice;
        private final String peer;

        Impl(final String label, final boolean sluice, final String peer)
        {
            this.label = label;
            this.sluice = sluice;
            this.peer = peer;
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

        /**
         * Whether this is a Sluice channel.
         *
         * @return true for Sluice.
         */
        public boolean isSluice()
        {
            return sluice;
        }

        /**
         * The raw peer a Sluice channel is compared with, as an {@code impl} parameter value.
         *
         * @return the peer's name, or null.
         */
        public String peer()
        {
            return peer;
        }
    }

    /**
     * The implementation under test.
     */
    @Param
    Impl impl;

    /**
     * Messages per burst, at most {@link #capacity}.
     */
    @Param({"1", "100"})
    int burst;

    /**
     * Capacity in messages, the same for every implementation.
     */
    @Param("1024")
    int capacity;

    private Endpoint endpoint;
    private Consumer consumer;

    /**
     * Messages offered since the trial began; read and written by the benchmark thread only.
     */
    private long sent;

    /**
     * Build the queue or channel and start the consumer thread.
     *
     * @param params JMH's settings, to refuse more than one benchmark thread (the queues have a single producer).
     */
    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params)
    {
        if (params.getThreads() != 1)
        {
            throw new IllegalArgumentException("threads=" + params.getThreads() + ": must be 1 (one producer)");
        }
        if (burst < 1 || burst > capacity)
        {
            throw new IllegalArgumentException("burst=" + burst + ": must be 1.." + capacity + " (the capacity)");
        }
        endpoint = newEndpoint(impl, capacity);
        sent = 0;
        consumer = new Consumer(endpoint, "burst-cost-consumer-" + impl);
        consumer.start();
    }

    /**
     * One burst: offer {@link #burst} messages, then wait until the consumer has taken the last one.
     */
    @Benchmark
    public void burstCost()
    {
        final Endpoint endpoint = this.endpoint;
        final Consumer consumer = this.consumer;
        final int burst = this.burst;
        for (int i = 0; i < burst; i++)
        {
            if (!endpoint.offer(MESSAGE))
            {
                offerAfterRefusal(endpoint, consumer);
            }
        }
        final long target = sent + burst;
        sent = target;
        consumer.awaitSeen(target);
    }

    /**
     * Stop and join the consumer thread, then check that it saw exactly what was sent and that the queue is empty (and,
     * for Sluice, conserved).
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        consumer.stop(TIMEOUT_NS);
        final long seen = consumer.seen();
        if (seen != sent)
        {
            throw new IllegalStateException(impl + ": the consumer saw " + seen + " messages of " + sent + " sent");
        }
        endpoint.checkEmpty(sent);
    }

    /**
     * Cold path: the queue refused an offer (it should not, since every burst fits and the last one was consumed);
     * retry until it is taken, within the deadline.
     */
    private static void offerAfterRefusal(final Endpoint endpoint, final Consumer consumer)
    {
        int spins = 0;
        long deadline = 0;
        while (!endpoint.offer(MESSAGE))
        {
            Thread.onSpinWait();
            if ((++spins & SPINS_PER_CLOCK_READ_MASK) == 0)
            {
                deadline = consumer.checkWait(deadline, TIMEOUT_NS, "room in the queue");
            }
        }
    }

    static Endpoint newEndpoint(final Impl impl, final int capacity)
    {
        switch (impl)
        {
            case SLUICE_OBJECT_SPSC:
                return new SluiceEndpoint(capacity);
            case JCTOOLS_SPSC_ARRAY_QUEUE:
                return new QueueEndpoint(new SpscArrayQueue<>(capacity));
            case AGRONA_ONE_TO_ONE_QUEUE:
                return new QueueEndpoint(new OneToOneConcurrentArrayQueue<>(capacity));
            case ARRAY_BLOCKING_QUEUE:
                return new QueueEndpoint(new ArrayBlockingQueue<>(capacity));
            default:
                throw new IllegalArgumentException("impl=" + impl);
        }
    }

    /**
     * The consumer thread, a {@link SpinAgent}: busy-polls the endpoint and counts every message it takes in a padded
     * cell, which the producer reads to know when its burst has arrived. A failure inside it is kept and rethrown by
     * the producer's waits and by {@link SpinAgent#stop(long)}.
     */
    static final class Consumer extends SpinAgent
    {
        private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);

        /**
         * Index of the count in {@link #cells}: 128 bytes from either end of the array.
         */
        private static final int SEEN = 16;

        private final long[] cells = new long[2 * SEEN + 1];
        private final Endpoint endpoint;

        Consumer(final Endpoint endpoint, final String name)
        {
            super(name);
            this.endpoint = endpoint;
        }

        /**
         * One poll; a message taken raises the count. The agent reads its stop only when a poll found nothing, so it
         * costs the busy path nothing, and the producer stops offering before it stops the consumer, so the queue
         * then runs empty.
         *
         * @return true if a message was taken.
         */
        @Override
        protected boolean doWork()
        {
            if (null == endpoint.poll())
            {
                return false;
            }
            final long[] cells = this.cells;
            // the count is written by this thread only, so a plain read of it is exact; it is kept in the cell, not in
            // a field of this object, whose line the producer reads
            CELLS.setRelease(cells, SEEN, (long)CELLS.get(cells, SEEN) + 1);
            return true;
        }

        /**
         * Producer: spin until the consumer has seen {@code target} messages in all, within the deadline.
         *
         * @param target messages sent since the trial began.
         */
        void awaitSeen(final long target)
        {
            final long[] cells = this.cells;
            int spins = 0;
            long deadline = 0;
            while ((long)CELLS.getAcquire(cells, SEEN) < target)
            {
                Thread.onSpinWait();
                if ((++spins & SPINS_PER_CLOCK_READ_MASK) == 0)
                {
                    deadline = checkWait(deadline, TIMEOUT_NS, "the last message of the burst to be consumed");
                }
            }
        }

        /**
         * The count, exact once the consumer has stopped.
         *
         * @return messages the consumer has taken.
         */
        long seen()
        {
            return (long)CELLS.getVolatile(cells, SEEN);
        }
    }

    /**
     * One implementation's offer and poll. Each fork runs one implementation, so the calls stay monomorphic and
     * inline: the adapter costs every implementation the same.
     */
    abstract static class Endpoint
    {
        abstract boolean offer(Integer message);

        abstract Object poll();

        /**
         * After the consumer stopped: throw unless the queue is empty and, where the implementation counts, it
         * accepted and delivered exactly {@code sent} messages.
         *
         * @param sent messages the producer offered and saw taken.
         */
        abstract void checkEmpty(long sent);
    }

    /**
     * A Sluice OBJECT_SPSC channel built as in {@code ObjectChannelThroughput}: credits AUTO and counters on (the
     * builder's defaults), FAIL_FAST, so that a refused offer would come back at once.
     */
    static final class SluiceEndpoint extends Endpoint
    {
        private final ObjectChannel<Integer> channel;
        private final ChannelCounters counters = new ChannelCounters();

        SluiceEndpoint(final int capacity)
        {
            channel = ChannelBuilder.<Integer>channel("jmh-burst-cost")
                .kind(ChannelKind.OBJECT_SPSC)
                .capacity(capacity)
                .policy(OverflowPolicy.FAIL_FAST)
                .buildObjectChannel();
        }

        @Override
        boolean offer(final Integer message)
        {
            return channel.offer(message) == OfferResult.ACCEPTED;
        }

        @Override
        Object poll()
        {
            return channel.poll();
        }

        @Override
        void checkEmpty(final long sent)
        {
            final Object left = channel.poll();
            channel.counters(counters);
            if (null != left || counters.depth() != 0 || counters.inFlight() != 0 || !counters.isConserved() ||
                counters.accepted() != sent || counters.delivered() != sent)
            {
                throw new IllegalStateException("channel not empty or not conserved: sent=" + sent + " left=" + left +
                    " " + counters);
            }
        }
    }

    /**
     * A raw queue through the {@link Queue} interface (JCTools, Agrona and ArrayBlockingQueue all implement it).
     */
    static final class QueueEndpoint extends Endpoint
    {
        private final Queue<Integer> queue;

        QueueEndpoint(final Queue<Integer> queue)
        {
            this.queue = queue;
        }

        @Override
        boolean offer(final Integer message)
        {
            return queue.offer(message);
        }

        @Override
        Object poll()
        {
            return queue.poll();
        }

        @Override
        void checkEmpty(final long sent)
        {
            final Object left = queue.poll();
            if (null != left || !queue.isEmpty())
            {
                throw new IllegalStateException("queue not empty after the consumer stopped: left=" + left +
                    " size=" + queue.size() + " sent=" + sent);
            }
        }
    }
}
