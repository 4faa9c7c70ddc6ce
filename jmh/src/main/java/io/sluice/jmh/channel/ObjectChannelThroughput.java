package io.sluice.jmh.channel;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.OfferResult;
import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpscArrayQueue;
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

import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Object messages, one producer thread and one consumer thread, one message per call on each side: Sluice object
 * channels against the raw queues they wrap, Agrona's SPSC queue, the LMAX Disruptor (single producer, poller) and
 * {@link ArrayBlockingQueue}.
 * <p>
 * The producer offers a preallocated message once per call and counts whether it was taken; the consumer polls
 * once per call and counts whether it found a message. Nobody spins inside a call, so when JMH ends the iteration
 * neither side can be stuck waiting for the other. The figure to read is the consumer's {@code delivered} rate.
 * <p>
 * The Disruptor takes the same shape: the producer claims one slot with {@code tryNext()} (refused when the ring is
 * full, counted like a refused offer), sets the slot's preallocated holder to the message and publishes it; the
 * consumer polls an {@link EventPoller}, whose sequence gates the ring, taking at most one event per call.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class ObjectChannelThroughput
{
    /**
     * The message: one preallocated object, so nothing is allocated per message.
     */
    static final Integer MESSAGE = 777;

    /**
     * The implementations under test.
     */
    public enum Impl implements Implementation
    {
        SLUICE_OBJECT_SPSC("Sluice OBJECT_SPSC", true, "JCTOOLS_SPSC_ARRAY_QUEUE", 0.85),
        SLUICE_OBJECT_MPSC("Sluice OBJECT_MPSC (1 producer)", true, "JCTOOLS_MPSC_ARRAY_QUEUE", Double.NaN),
        JCTOOLS_SPSC_ARRAY_QUEUE("JCTools SpscArrayQueue", false, null, Double.NaN),
        JCTOOLS_MPSC_ARRAY_QUEUE("JCTools MpscArrayQueue (1 producer)", false, null, Double.NaN),
        AGRONA_ONE_TO_ONE_QUEUE("Agrona OneToOneConcurrentArrayQueue", false, null, Double.NaN),
        DISRUPTOR_SINGLE_PRODUCER("LMAX Disruptor 4 (single producer, poller)", false, null, Double.NaN),
        ARRAY_BLOCKING_QUEUE("ArrayBlockingQueue (offer/poll)", false, null, Double.NaN);

        private final String label;
        private final boolean sluice;
        private final String peer;
        private final double peerGoal;

        Impl(final String label, final boolean sluice, final String peer, final double peerGoal)
        {
            this.label = label;
            this.sluice = sluice;
            this.peer = peer;
            this.peerGoal = peerGoal;
        }

        @Override
        public String label()
        {
            return label;
        }

        @Override
        public boolean isSluice()
        {
            return sluice;
        }

        @Override
        public boolean isBaseline()
        {
            return this == ARRAY_BLOCKING_QUEUE;
        }

        @Override
        public String peer()
        {
            return peer;
        }

        @Override
        public double peerGoal()
        {
            return peerGoal;
        }
    }

    @Param
    Impl impl;

    /**
     * Capacity in messages, the same for every implementation (a power of two: the Disruptor's ring needs one).
     */
    @Param("1024")
    int capacity;

    private Endpoint endpoint;

    @Setup(Level.Trial)
    public void setUp()
    {
        endpoint = newEndpoint(impl, capacity);
    }

    @Benchmark
    @Group("throughput")
    @GroupThreads(1)
    public void offer(final ProducerCounters counters)
    {
        if (endpoint.offer(MESSAGE))
        {
            counters.offersMade++;
        }
        else
        {
            counters.offersRefused++;
        }
    }

    @Benchmark
    @Group("throughput")
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
     * Empty the channel so the next iteration starts from the same state. JMH runs a group's iteration tear-down on
     * one of the group's threads after all of them have left the measurement loop, so nothing races with it.
     */
    @TearDown(Level.Iteration)
    public void drain()
    {
        endpoint.drainAndCheck();
    }

    static Endpoint newEndpoint(final Impl impl, final int capacity)
    {
        switch (impl)
        {
            case SLUICE_OBJECT_SPSC:
                return new SluiceEndpoint(ChannelKind.OBJECT_SPSC, capacity);
            case SLUICE_OBJECT_MPSC:
                return new SluiceEndpoint(ChannelKind.OBJECT_MPSC, capacity);
            case JCTOOLS_SPSC_ARRAY_QUEUE:
                return new QueueEndpoint(new SpscArrayQueue<>(capacity));
            case JCTOOLS_MPSC_ARRAY_QUEUE:
                return new QueueEndpoint(new MpscArrayQueue<>(capacity));
            case AGRONA_ONE_TO_ONE_QUEUE:
                return new QueueEndpoint(new OneToOneConcurrentArrayQueue<>(capacity));
            case DISRUPTOR_SINGLE_PRODUCER:
                return new DisruptorEndpoint(capacity);
            case ARRAY_BLOCKING_QUEUE:
                return new QueueEndpoint(new ArrayBlockingQueue<>(capacity));
            default:
                throw new IllegalArgumentException("impl=" + impl);
        }
    }

    /**
     * One implementation's offer and poll. Each fork runs one implementation, so the calls below stay monomorphic
     * and inline: the adapter costs every implementation the same.
     */
    abstract static class Endpoint
    {
        abstract boolean offer(Integer message);

        abstract Object poll();

        abstract void drainAndCheck();
    }

    static final class SluiceEndpoint extends Endpoint
    {
        private final ObjectChannel<Integer> channel;
        private final ChannelCounters counters = new ChannelCounters();

        SluiceEndpoint(final ChannelKind kind, final int capacity)
        {
            // FAIL_FAST and AUTO credits are the builder's defaults; spelled out so the benchmark does not drift
            channel = ChannelBuilder.<Integer>channel("jmh-" + kind)
                .kind(kind)
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
        void drainAndCheck()
        {
            while (null != channel.poll())
            {
                // empty the channel
            }
            channel.counters(counters);
            if (counters.depth() != 0 || !counters.isConserved())
            {
                throw new IllegalStateException("channel not empty or not conserved after drain: " + counters);
            }
        }
    }

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
        void drainAndCheck()
        {
            while (null != queue.poll())
            {
                // empty the queue
            }
            if (!queue.isEmpty())
            {
                throw new IllegalStateException("queue not empty after drain: size=" + queue.size());
            }
        }
    }

    /**
     * A slot of the Disruptor's ring: preallocated once per slot when the ring is built, then reused, so nothing is
     * allocated per message.
     */
    static final class MessageHolder
    {
        private Integer message;
    }

    /**
     * The LMAX Disruptor with a single producer ({@code ProducerType.SINGLE}) and a poll-style consumer: the
     * producer claims one slot with {@code tryNext()}, fills it and publishes it; the consumer's
     * {@link EventPoller}, whose sequence is the ring's gating sequence, hands over at most one event per call.
     */
    static final class DisruptorEndpoint extends Endpoint
    {
        private final RingBuffer<MessageHolder> ringBuffer;
        private final EventPoller<MessageHolder> poller;
        private final TakeOne takeOne = new TakeOne();

        DisruptorEndpoint(final int capacity)
        {
            // the wait strategy serves SequenceBarrier.waitFor only, which a poller never calls; busy spin makes
            // publish() signal nobody
            ringBuffer = RingBuffer.createSingleProducer(MessageHolder::new, capacity, new BusySpinWaitStrategy());
            poller = ringBuffer.newPoller();
            ringBuffer.addGatingSequences(poller.getSequence());
        }

        @Override
        boolean offer(final Integer message)
        {
            final long sequence;
            try
            {
                sequence = ringBuffer.tryNext();
            }
            catch (final InsufficientCapacityException ex)
            {
                // a preallocated exception without a stack trace: refusing allocates nothing
                return false;
            }
            ringBuffer.get(sequence).message = message;
            ringBuffer.publish(sequence);
            return true;
        }

        @Override
        Object poll()
        {
            final EventPoller.PollState state;
            try
            {
                state = poller.poll(takeOne);
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException("Disruptor poll failed", ex);
            }
            // PROCESSING: the handler ran, exactly once
            return state == EventPoller.PollState.PROCESSING ? takeOne.taken() : null;
        }

        @Override
        void drainAndCheck()
        {
            while (null != poll())
            {
                // empty the ring
            }
            final long cursor = ringBuffer.getCursor();
            final long consumed = poller.getSequence().get();
            if (consumed != cursor || ringBuffer.remainingCapacity() != ringBuffer.getBufferSize())
            {
                throw new IllegalStateException("ring not empty after drain: published up to " + cursor +
                    ", consumed up to " + consumed + ", remaining capacity " + ringBuffer.remainingCapacity() +
                    " of " + ringBuffer.getBufferSize());
            }
        }
    }

    /**
     * The poller's handler: keeps the message of the one event it is given and stops the poll there, so a poll hands
     * over at most one event. The consumer writes the kept message on every delivery, so it lives in the middle of an
     * array of its own, two cache lines (with compressed references) from either end: a plain field beside the
     * endpoint's fields, which the producer reads on every call, could share a cache line with them and cost the
     * producer a miss per message.
     */
    static final class TakeOne implements EventPoller.Handler<MessageHolder>
    {
        private static final int CELL = 32;

        private final Object[] cells = new Object[2 * CELL];

        @Override
        public boolean onEvent(final MessageHolder event, final long sequence, final boolean endOfBatch)
        {
            cells[CELL] = event.message;
            return false;
        }

        Object taken()
        {
            return cells[CELL];
        }
    }
}
