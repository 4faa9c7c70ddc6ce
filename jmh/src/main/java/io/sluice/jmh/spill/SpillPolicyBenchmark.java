package io.sluice.jmh.spill;

import io.sluice.persistence.spill.ChronicleBinarySpillStore;
import io.sluice.persistence.spill.ChronicleSpillStore;
import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.Channel;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.ObjectHandler;
import io.sluice.queues.channel.OfferResult;
import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the {@code SPILL} policy costs on a channel that never spills, against the same channel with
 * {@code DROP_NEWEST}, in the same run. One thread offers a batch of {@value #BATCH} messages into a channel of
 * capacity {@value #CAPACITY}, then drains with a limit of {@value #DRAIN_LIMIT}, as a consumer that drains until
 * the channel is empty does: so the batch never fills the channel, no policy ever applies, and each drain ends
 * with one look at the memory queue finding it empty (and, under {@code SPILL}, at the spill counters). The
 * {@code SPILL} channels have a real Chronicle store behind them, never written.
 * <p>
 * The score is messages per microsecond ({@code @OperationsPerInvocation}); {@code gc.alloc.rate.norm} is bytes per
 * message. The iteration's tear-down fails the run if anything was spilled, dropped or left in the channel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class SpillPolicyBenchmark
{
    /** Messages offered, then drained, per call. */
    public static final int BATCH = 64;
    /** Capacity of the channels. */
    public static final int CAPACITY = 1024;
    /** Drain limit of the consumer: above the batch, so every drain finds the channel empty at its end. */
    public static final int DRAIN_LIMIT = 256;
    /** Goal: a SPILL channel that never spills is at most this much slower than the same one with DROP_NEWEST. */
    public static final double OVERHEAD_GOAL = 0.05;

    @Param({ "SPILL", "DROP_NEWEST" })
    public OverflowPolicy policy;

    private Path directory;
    private ChronicleSpillStore<Trade> objectStore;
    private ChronicleBinarySpillStore binaryStore;
    private ObjectChannel<Trade> objectChannel;
    private BinaryChannel binaryChannel;
    private final Trade[] trades = new Trade[BATCH];
    private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(Trade.LENGTH));
    private final Sink sink = new Sink();

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        for (int i = 0; i < BATCH; i++)
        {
            trades[i] = new Trade(i);
        }
        new Trade(1).encode(payload, 0);

        final ChannelBuilder<Trade> objectBuilder = ChannelBuilder.<Trade>channel("jmh-policy-object")
            .kind(ChannelKind.OBJECT_SPSC).capacity(CAPACITY).policy(policy);
        final ChannelBuilder<Object> binaryBuilder = ChannelBuilder.channel("jmh-policy-binary")
            .kind(ChannelKind.BINARY_SPSC).capacity(CAPACITY).maxMessageLength(Trade.LENGTH).policy(policy);
        // both policies open the stores, so that both trials have the same heap and mappings behind the channel
        // (Chronicle allocates while it opens a queue) and only the policy differs; only SPILL is given them
        directory = TempDirectories.create("spill-policy");
        objectStore = SpillEndpoint.options(directory.resolve("object"), false).objectStore(new TradeCodec());
        binaryStore = SpillEndpoint.options(directory.resolve("binary"), false).binaryStore();
        if (policy == OverflowPolicy.SPILL)
        {
            objectBuilder.spillStore(objectStore);
            binaryBuilder.binarySpillStore(binaryStore);
        }
        objectChannel = objectBuilder.buildObjectChannel();
        binaryChannel = binaryBuilder.buildBinaryChannel();
    }

    @TearDown(Level.Iteration)
    public void checkIteration()
    {
        check(objectChannel);
        check(binaryChannel);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        objectChannel.close();
        binaryChannel.close();
        try
        {
            if (null != objectStore)
            {
                objectStore.close();
                binaryStore.close();
            }
        }
        finally
        {
            TempDirectories.delete(directory);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int objectBatch()
    {
        final ObjectChannel<Trade> channel = objectChannel;
        final Trade[] trades = this.trades;
        for (int i = 0; i < BATCH; i++)
        {
            final int code = channel.offer(trades[i]);
            if (code != OfferResult.ACCEPTED)
            {
                throw new IllegalStateException("offer returned " + OfferResult.toString(code));
            }
        }
        return drained(channel.drain(sink, DRAIN_LIMIT));
    }

    /**
     * Binary channels: a drain stops at the end of the ring (Agrona's ring buffer reads up to its wrap), so the
     * consumer drains until it has the batch; its last drain ends with the channel empty, as for objects.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int binaryBatch()
    {
        final BinaryChannel channel = binaryChannel;
        final UnsafeBuffer payload = this.payload;
        for (int i = 0; i < BATCH; i++)
        {
            final int code = channel.offer(SpillEndpoint.TYPE_ID, payload, 0, Trade.LENGTH);
            if (code != OfferResult.ACCEPTED)
            {
                throw new IllegalStateException("offer returned " + OfferResult.toString(code));
            }
        }
        int drained = 0;
        for (int calls = 0; drained < BATCH && calls < 3; calls++)
        {
            drained += channel.drain(sink, DRAIN_LIMIT);
        }
        return drained(drained);
    }

    private static int drained(final int count)
    {
        if (count != BATCH)
        {
            throw new IllegalStateException("drained " + count + " of " + BATCH);
        }
        return count;
    }

    private static void check(final Channel channel)
    {
        final ChannelCounters counters = channel.counters(new ChannelCounters());
        if (!counters.isConserved() || counters.depth() != 0 || counters.spilled() != 0 ||
            counters.droppedNewest() != 0 || counters.rejected() != 0)
        {
            throw new IllegalStateException(channel + ": spilled, dropped or left something: " + counters);
        }
    }

    /**
     * The consumer of both channels: reads a field of each message, as a real consumer would.
     */
    static final class Sink implements ObjectHandler<Trade>, MessageHandler
    {
        long checksum;

        @Override
        public void onMessage(final Trade message)
        {
            checksum += message.seq;
        }

        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            checksum += buffer.getLong(index);
        }
    }
}
