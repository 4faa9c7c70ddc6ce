package io.sluice.jmh.channel;

import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.BinaryClaim;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.OfferResult;
import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
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

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Binary messages of {@link #MESSAGE_LENGTH} bytes, one producer thread and one consumer thread: Sluice binary
 * channels against the Agrona ring buffers they wrap, copying ({@code offer} / {@code write}) and zero-copy
 * ({@code claim} / {@code tryClaim}, then commit), with {@link ArrayBlockingQueue} of a preallocated Integer as the
 * baseline in the same run.
 * <p>
 * The producer makes one attempt per call; the consumer drains at most {@link #drainLimit} messages per call with
 * the same preallocated {@link MessageHandler} for Sluice and Agrona (the ArrayBlockingQueue consumer polls up to
 * the same limit). With {@code drainLimit=1} every implementation hands over one message per call, like with like.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class BinaryChannelThroughput
{
    /**
     * Length of every message in bytes.
     */
    static final int MESSAGE_LENGTH = 32;

    /**
     * Type id of every message (Sluice and Agrona both need at least 1).
     */
    static final int TYPE_ID = 1;

    /**
     * The ArrayBlockingQueue baseline's message: preallocated.
     */
    static final Integer MESSAGE = 777;

    /**
     * The implementations under test.
     */
    public enum Impl implements Implementation
    {
        SLUICE_BINARY_SPSC_OFFER("Sluice BINARY_SPSC offer (copy)", true, "AGRONA_ONE_TO_ONE_WRITE", 0.85),
        SLUICE_BINARY_SPSC_CLAIM("Sluice BINARY_SPSC claim/commit", true, "AGRONA_ONE_TO_ONE_CLAIM", 0.85),
        SLUICE_BINARY_MPSC_OFFER("Sluice BINARY_MPSC offer (1 producer)", true, "AGRONA_MANY_TO_ONE_WRITE",
            Double.NaN),
        AGRONA_ONE_TO_ONE_WRITE("Agrona OneToOneRingBuffer write (copy)", false, null, Double.NaN),
        AGRONA_ONE_TO_ONE_CLAIM("Agrona OneToOneRingBuffer tryClaim/commit", false, null, Double.NaN),
        AGRONA_MANY_TO_ONE_WRITE("Agrona ManyToOneRingBuffer write (1 producer)", false, null, Double.NaN),
        ARRAY_BLOCKING_QUEUE("ArrayBlockingQueue<Integer> (offer/poll)", false, null, Double.NaN);

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
     * Capacity in messages. Sluice bounds the channel at this many messages and sizes its ring to hold them; the raw
     * Agrona rings get a ring of the same size in bytes (see {@link #ringBytes(int)}).
     */
    @Param("1024")
    int capacity;

    /**
     * Most messages the consumer takes per call.
     */
    @Param("1")
    int drainLimit;

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
        if (endpoint.offer())
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
    public int poll(final ConsumerCounters counters)
    {
        final int count = endpoint.drain(drainLimit);
        if (0 == count)
        {
            counters.pollsEmpty++;
        }
        else
        {
            counters.delivered += count;
        }
        return count;
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

    /**
     * Bytes of ring a Sluice binary channel of this capacity and {@link #MESSAGE_LENGTH} uses, computed as
     * {@code ChannelBuilder} sizes it: a power of two holding {@code capacity + 1} records, at least eight records
     * and at least {@link ChannelBuilder#MIN_RING_CAPACITY}. The raw rings get the same, so both touch the same memory.
     *
     * @param capacity in messages.
     * @return ring capacity in bytes, without the trailer.
     */
    static int ringBytes(final int capacity)
    {
        final long recordLength = BitUtil.align(RecordDescriptor.HEADER_LENGTH + MESSAGE_LENGTH,
            RecordDescriptor.ALIGNMENT);
        final long required = Math.max((capacity + 1L) * recordLength, 8L * recordLength);
        return BitUtil.findNextPositivePowerOfTwo((int)Math.max(ChannelBuilder.MIN_RING_CAPACITY, required));
    }

    static Endpoint newEndpoint(final Impl impl, final int capacity)
    {
        switch (impl)
        {
            case SLUICE_BINARY_SPSC_OFFER:
                return new SluiceOfferEndpoint(newChannel(ChannelKind.BINARY_SPSC, capacity));
            case SLUICE_BINARY_SPSC_CLAIM:
                return new SluiceClaimEndpoint(newChannel(ChannelKind.BINARY_SPSC, capacity));
            case SLUICE_BINARY_MPSC_OFFER:
                return new SluiceOfferEndpoint(newChannel(ChannelKind.BINARY_MPSC, capacity));
            case AGRONA_ONE_TO_ONE_WRITE:
                return new RingWriteEndpoint(new OneToOneRingBuffer(newRingBuffer(capacity)));
            case AGRONA_ONE_TO_ONE_CLAIM:
                return new RingClaimEndpoint(new OneToOneRingBuffer(newRingBuffer(capacity)));
            case AGRONA_MANY_TO_ONE_WRITE:
                return new RingWriteEndpoint(new ManyToOneRingBuffer(newRingBuffer(capacity)));
            case ARRAY_BLOCKING_QUEUE:
                return new BlockingQueueEndpoint(capacity);
            default:
                throw new IllegalArgumentException("impl=" + impl);
        }
    }

    private static BinaryChannel newChannel(final ChannelKind kind, final int capacity)
    {
        // FAIL_FAST and AUTO credits are the builder's defaults; spelled out so the benchmark does not drift
        return ChannelBuilder.channel("jmh-" + kind)
            .kind(kind)
            .capacity(capacity)
            .maxMessageLength(MESSAGE_LENGTH)
            .policy(OverflowPolicy.FAIL_FAST)
            .buildBinaryChannel();
    }

    private static UnsafeBuffer newRingBuffer(final int capacity)
    {
        final int length = ringBytes(capacity) + RingBufferDescriptor.TRAILER_LENGTH;
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(length, 64));
    }

    private static UnsafeBuffer newMessage()
    {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[MESSAGE_LENGTH]);
        for (int i = 0; i < MESSAGE_LENGTH; i += Long.BYTES)
        {
            message.putLong(i, 0x0101010101010101L * (i + 1));
        }
        return message;
    }

    /**
     * Writes a message in place: the same four longs for Sluice and Agrona claims.
     */
    static void encode(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset, 1L);
        buffer.putLong(offset + 8, 2L);
        buffer.putLong(offset + 16, 3L);
        buffer.putLong(offset + 24, 4L);
    }

    /**
     * The consumer's handler, preallocated: reads the first word of each message so the message is really touched.
     */
    static final class Sink implements MessageHandler
    {
        long checksum;

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            checksum += buffer.getLong(index);
        }
    }

    /**
     * One implementation's offer and drain. Each fork runs one implementation, so the calls below stay monomorphic
     * and inline: the adapter costs every implementation the same.
     */
    abstract static class Endpoint
    {
        final Sink sink = new Sink();

        abstract boolean offer();

        abstract int drain(int limit);

        abstract void drainAndCheck();
    }

    abstract static class SluiceEndpoint extends Endpoint
    {
        final BinaryChannel channel;
        private final ChannelCounters counters = new ChannelCounters();

        SluiceEndpoint(final BinaryChannel channel)
        {
            this.channel = channel;
        }

        @Override
        final int drain(final int limit)
        {
            return channel.drain(sink, limit);
        }

        @Override
        final void drainAndCheck()
        {
            while (channel.drain(sink, Integer.MAX_VALUE) > 0)
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

    static final class SluiceOfferEndpoint extends SluiceEndpoint
    {
        private final UnsafeBuffer message = newMessage();

        SluiceOfferEndpoint(final BinaryChannel channel)
        {
            super(channel);
        }

        @Override
        boolean offer()
        {
            return channel.offer(TYPE_ID, message, 0, MESSAGE_LENGTH) == OfferResult.ACCEPTED;
        }
    }

    static final class SluiceClaimEndpoint extends SluiceEndpoint
    {
        private final BinaryClaim claim;

        SluiceClaimEndpoint(final BinaryChannel channel)
        {
            super(channel);
            claim = channel.newClaim();
        }

        @Override
        boolean offer()
        {
            final BinaryClaim claim = this.claim;
            if (channel.claim(TYPE_ID, MESSAGE_LENGTH, claim) == OfferResult.ACCEPTED)
            {
                encode(claim.buffer(), claim.offset());
                return claim.commit() == OfferResult.ACCEPTED;
            }
            return false;
        }
    }

    abstract static class RingEndpoint extends Endpoint
    {
        final RingBuffer ring;

        RingEndpoint(final RingBuffer ring)
        {
            this.ring = ring;
        }

        @Override
        final int drain(final int limit)
        {
            return ring.read(sink, limit);
        }

        @Override
        final void drainAndCheck()
        {
            while (ring.read(sink, Integer.MAX_VALUE) > 0)
            {
                // empty the ring
            }
            if (ring.size() != 0)
            {
                throw new IllegalStateException("ring not empty after drain: size=" + ring.size());
            }
        }
    }

    static final class RingWriteEndpoint extends RingEndpoint
    {
        private final UnsafeBuffer message = newMessage();

        RingWriteEndpoint(final RingBuffer ring)
        {
            super(ring);
        }

        @Override
        boolean offer()
        {
            return ring.write(TYPE_ID, message, 0, MESSAGE_LENGTH);
        }
    }

    static final class RingClaimEndpoint extends RingEndpoint
    {
        RingClaimEndpoint(final RingBuffer ring)
        {
            super(ring);
        }

        @Override
        boolean offer()
        {
            final RingBuffer ring = this.ring;
            final int index = ring.tryClaim(TYPE_ID, MESSAGE_LENGTH);
            if (index >= 0)
            {
                final AtomicBuffer buffer = ring.buffer();
                encode(buffer, index);
                ring.commit(index);
                return true;
            }
            return false;
        }
    }

    static final class BlockingQueueEndpoint extends Endpoint
    {
        private final ArrayBlockingQueue<Integer> queue;

        BlockingQueueEndpoint(final int capacity)
        {
            queue = new ArrayBlockingQueue<>(capacity);
        }

        @Override
        boolean offer()
        {
            return queue.offer(MESSAGE);
        }

        @Override
        int drain(final int limit)
        {
            final ArrayBlockingQueue<Integer> queue = this.queue;
            int count = 0;
            while (count < limit)
            {
                final Integer message = queue.poll();
                if (null == message)
                {
                    break;
                }
                sink.checksum += message;
                count++;
            }
            return count;
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
}
