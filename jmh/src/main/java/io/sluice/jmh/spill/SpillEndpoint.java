package io.sluice.jmh.spill;

import io.sluice.persistence.spill.AbstractChronicleSpillStore;
import io.sluice.persistence.spill.ChronicleBinarySpillStore;
import io.sluice.persistence.spill.ChronicleSpillStore;
import io.sluice.persistence.spill.SpillOptions;
import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.Channel;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.ObjectHandler;
import io.sluice.queues.channel.OfferResult;
import io.sluice.queues.overflow.OverflowPolicy;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One way of putting messages on disk and taking them back, for the spill benchmarks: through a spilling channel,
 * straight into a spill store, or with a raw Chronicle appender and tailer. Every implementation appends the same
 * {@link Trade} sequence and checks what comes back; a benchmark fork uses exactly one concrete class, so the calls
 * are monomorphic.
 * <p>
 * Single-threaded: the benchmark thread appends and drains.
 */
abstract class SpillEndpoint implements AutoCloseable
{
    /** Roll cycle of every queue: the spill store's default, so no file rolls within a fork. */
    static final String ROLL_CYCLE = "FAST_HOURLY";
    /**
     * Disk budget of a spill store: appends past this many pending bytes are refused (the run then fails). Every
     * iteration's tear-down drains the store, and the files are deleted after each fork.
     */
    static final long MAX_PENDING_BYTES = 1L << 30;
    /** Type id of every binary message. */
    static final int TYPE_ID = 7;
    /** Capacity of the spilling channels: a channel this small with a stalled consumer spills nearly every offer. */
    static final int CHANNEL_CAPACITY = 8;

    private long nextSeq;
    private long appendedSum;
    private long delivered;
    private long deliveredSum;

    /**
     * Append {@code count} messages, the next ones in sequence.
     *
     * @throws IllegalStateException if one was refused.
     */
    abstract void append(int count);

    /**
     * Take back up to {@code count} messages in order.
     *
     * @return the number taken, less than {@code count} only if nothing more was available.
     */
    abstract int drain(int count);

    /**
     * Close the queue or store (the files stay).
     */
    @Override
    public abstract void close();

    /**
     * Extra consistency checks of the implementation after everything was drained.
     */
    void checkDrained()
    {
    }

    final long nextSeq()
    {
        final long seq = nextSeq++;
        appendedSum += seq;
        return seq;
    }

    final void onDelivered(final long seq)
    {
        delivered++;
        deliveredSum += seq;
    }

    final long appended()
    {
        return nextSeq;
    }

    final long delivered()
    {
        return delivered;
    }

    /**
     * Drain whatever is pending, then fail unless every appended message came back exactly once.
     */
    final void drainAllAndCheck()
    {
        int idle = 0;
        while (delivered < nextSeq && idle < 1000)
        {
            idle = drain(4096) == 0 ? idle + 1 : 0;
        }
        if (delivered != nextSeq || deliveredSum != appendedSum)
        {
            throw new IllegalStateException(getClass().getSimpleName() + ": appended " + nextSeq + " (sum " +
                appendedSum + "), delivered " + delivered + " (sum " + deliveredSum + ")");
        }
        checkDrained();
    }

    /**
     * Open an implementation on a queue directory (created if missing).
     *
     * @param impl      which one.
     * @param directory of its queue.
     * @return the open endpoint; close it.
     */
    static SpillEndpoint open(final SpillPathBenchmark.Impl impl, final Path directory)
    {
        return switch (impl)
        {
            case CHANNEL_OBJECT -> new ChannelObject(directory);
            case STORE_OBJECT -> new StoreObject(directory, false);
            case RAW_OBJECT -> new RawObject(directory, false, false);
            case CHANNEL_BINARY -> new ChannelBinary(directory);
            case STORE_BINARY -> new StoreBinary(directory);
            case RAW_BINARY -> new RawBinary(directory);
        };
    }

    static SpillOptions options(final Path directory, final boolean syncOnAppend)
    {
        return SpillOptions.directory(directory).rollCycle(ROLL_CYCLE).maxPendingBytes(MAX_PENDING_BYTES)
            .syncOnAppend(syncOnAppend);
    }

    static SingleChronicleQueue rawQueue(final Path directory, final boolean msSync)
    {
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(directory.toFile())
            .rollCycle(RollCycles.valueOf(ROLL_CYCLE));
        if (msSync)
        {
            // Chronicle's sync() uses msync(MS_ASYNC) unless the queue is built with SyncMode.SYNC
            builder.syncMode(SyncMode.SYNC);
        }
        return builder.build();
    }

    static IllegalStateException refused(final String what, final long seq, final int code)
    {
        return new IllegalStateException(what + " refused message " + seq + ": " + OfferResult.toString(code));
    }

    /**
     * Object consumer: records each message.
     */
    static final class TradeSink implements ObjectHandler<Trade>
    {
        private final SpillEndpoint endpoint;

        TradeSink(final SpillEndpoint endpoint)
        {
            this.endpoint = endpoint;
        }

        @Override
        public void onMessage(final Trade message)
        {
            endpoint.onDelivered(message.seq);
        }
    }

    /**
     * Binary consumer: decodes each message into one instance, as a consumer of a binary channel would, and records
     * it.
     */
    static final class BinarySink implements MessageHandler
    {
        private final SpillEndpoint endpoint;
        private final Trade into = new Trade();

        BinarySink(final SpillEndpoint endpoint)
        {
            this.endpoint = endpoint;
        }

        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            if (typeId != TYPE_ID || length != Trade.LENGTH)
            {
                throw new IllegalStateException("unexpected message typeId=" + typeId + " length=" + length);
            }
            into.decode(buffer, index);
            endpoint.onDelivered(into.seq);
        }
    }

    /**
     * Raw Chronicle, object layout: each message is one document holding the {@link Trade} fields, written straight
     * into the document and read straight out of it. The same {@value Trade#LENGTH} bytes as the object store writes.
     * With {@code sync}, {@code appender.sync()} after each document; with {@code msSync} the queue is built with
     * {@code SyncMode.SYNC}, so that sync is {@code msync(MS_SYNC)} rather than Chronicle's default
     * {@code MS_ASYNC}.
     */
    static final class RawObject extends SpillEndpoint
    {
        private final SingleChronicleQueue queue;
        private final ExcerptAppender appender;
        private final ExcerptTailer tailer;
        private final boolean sync;
        private final Trade trade = new Trade(0);
        private final Trade into = new Trade();

        RawObject(final Path directory, final boolean sync, final boolean msSync)
        {
            this.sync = sync;
            queue = rawQueue(directory, msSync);
            appender = queue.createAppender();
            tailer = queue.createTailer();
        }

        @Override
        void append(final int count)
        {
            final Trade trade = this.trade;
            for (int i = 0; i < count; i++)
            {
                trade.next(nextSeq());
                try (DocumentContext dc = appender.writingDocument())
                {
                    final Bytes<?> bytes = dc.wire().bytes();
                    bytes.writeLong(trade.seq);
                    bytes.writeLong(trade.price);
                    bytes.write(trade.tag);
                }
                if (sync)
                {
                    appender.sync();
                }
            }
        }

        @Override
        int drain(final int count)
        {
            final Trade into = this.into;
            int n = 0;
            while (n < count)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    into.seq = bytes.readLong();
                    into.price = bytes.readLong();
                    bytes.read(into.tag);
                }
                n++;
                onDelivered(into.seq);
            }
            return n;
        }

        @Override
        public void close()
        {
            queue.close();
        }
    }

    /**
     * Raw Chronicle, binary layout: each message is one document holding a 4-byte type id then the payload, copied
     * from a direct buffer; read back as a view over the mapped file handed to the same handler as the store's. The
     * same {@value Trade#LENGTH} + 4 bytes as the binary store writes.
     */
    static final class RawBinary extends SpillEndpoint
    {
        private final SingleChronicleQueue queue;
        private final ExcerptAppender appender;
        private final ExcerptTailer tailer;
        private final Trade trade = new Trade(0);
        private final UnsafeBuffer payload;
        private final BytesStore<?, ByteBuffer> payloadStore;
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private final BinarySink sink = new BinarySink(this);

        RawBinary(final Path directory)
        {
            queue = rawQueue(directory, false);
            appender = queue.createAppender();
            tailer = queue.createTailer();
            final ByteBuffer buffer = ByteBuffer.allocateDirect(Trade.LENGTH);
            payload = new UnsafeBuffer(buffer);
            payloadStore = BytesStore.wrap(buffer);
        }

        @Override
        void append(final int count)
        {
            for (int i = 0; i < count; i++)
            {
                trade.next(nextSeq());
                trade.encode(payload, 0);
                try (DocumentContext dc = appender.writingDocument())
                {
                    final Bytes<?> bytes = dc.wire().bytes();
                    bytes.writeInt(TYPE_ID);
                    bytes.write(payloadStore, 0L, (long)Trade.LENGTH);
                }
            }
        }

        @Override
        int drain(final int count)
        {
            int n = 0;
            while (n < count)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final int typeId = bytes.readInt();
                    final int length = (int)bytes.readRemaining();
                    view.wrap(bytes.addressForRead(bytes.readPosition()), length);
                    n++;
                    sink.onMessage(typeId, view, 0, length);
                }
            }
            return n;
        }

        @Override
        public void close()
        {
            queue.close();
        }
    }

    /**
     * A spill store used directly: checks it is empty and refused nothing, and closes it.
     */
    abstract static class StoreEndpoint extends SpillEndpoint
    {
        AbstractChronicleSpillStore spillStore;

        @Override
        void checkDrained()
        {
            if (spillStore.pendingMessages() != 0 || spillStore.refused() != 0)
            {
                throw new IllegalStateException(spillStore + ": pending=" + spillStore.pendingMessages() +
                    " refused=" + spillStore.refused());
            }
        }

        @Override
        public void close()
        {
            spillStore.close();
        }
    }

    /**
     * A channel over a spill store: drains until the channel has nothing more (a ring channel's drain returns 0 only
     * when nothing waits), checks the counters and the store, closes both.
     */
    abstract static class ChannelEndpoint extends SpillEndpoint
    {
        AbstractChronicleSpillStore spillStore;
        Channel spillChannel;

        abstract int drainOnce(int limit);

        @Override
        final int drain(final int count)
        {
            int n = 0;
            while (n < count)
            {
                final int drained = drainOnce(count - n);
                if (drained == 0)
                {
                    break;
                }
                n += drained;
            }
            return n;
        }

        @Override
        void checkDrained()
        {
            checkChannel(spillChannel.counters(new ChannelCounters()), spillStore.pendingMessages(),
                spillStore.refused());
        }

        @Override
        public void close()
        {
            spillChannel.close();
            spillStore.close();
        }
    }

    /**
     * The object spill store used directly, as a channel uses it: {@code append}, then {@code poll} and
     * {@code delivered(1)} per message.
     */
    static final class StoreObject extends StoreEndpoint
    {
        private final ChronicleSpillStore<Trade> store;
        private final Trade trade = new Trade(0);

        StoreObject(final Path directory, final boolean sync)
        {
            store = options(directory, sync).objectStore(new TradeCodec());
            spillStore = store;
        }

        @Override
        void append(final int count)
        {
            final Trade trade = this.trade;
            for (int i = 0; i < count; i++)
            {
                trade.next(nextSeq());
                if (!store.append(trade))
                {
                    throw refused("object store", trade.seq, OfferResult.REJECTED);
                }
            }
        }

        @Override
        int drain(final int count)
        {
            int n = 0;
            while (n < count)
            {
                final Trade message = store.poll();
                if (null == message)
                {
                    break;
                }
                store.delivered(1);
                n++;
                onDelivered(message.seq);
            }
            return n;
        }

    }

    /**
     * The binary spill store used directly: {@code append(typeId, buffer, 0, length)}, then
     * {@code read(handler, count)} and one {@code delivered(n)} per read.
     */
    static final class StoreBinary extends StoreEndpoint
    {
        private final ChronicleBinarySpillStore store;
        private final Trade trade = new Trade(0);
        private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(Trade.LENGTH));
        private final BinarySink sink = new BinarySink(this);

        StoreBinary(final Path directory)
        {
            store = options(directory, false).binaryStore();
            spillStore = store;
        }

        @Override
        void append(final int count)
        {
            for (int i = 0; i < count; i++)
            {
                trade.next(nextSeq());
                trade.encode(payload, 0);
                if (!store.append(TYPE_ID, payload, 0, Trade.LENGTH))
                {
                    throw refused("binary store", trade.seq, OfferResult.REJECTED);
                }
            }
        }

        @Override
        int drain(final int count)
        {
            final int n = store.read(sink, count);
            if (n > 0)
            {
                store.delivered(n);
            }
            return n;
        }

    }

    /**
     * An {@code OBJECT_SPSC} channel of capacity {@value #CHANNEL_CAPACITY} with policy {@code SPILL} over the object
     * store, and a consumer that only drains when asked: while it is stalled every offer past the capacity spills.
     */
    static final class ChannelObject extends ChannelEndpoint
    {
        private static final int RING_MASK = 2 * CHANNEL_CAPACITY - 1;

        private final ChronicleSpillStore<Trade> store;
        private final ObjectChannel<Trade> channel;
        private final TradeSink sink = new TradeSink(this);
        // an accepted message stays referenced by the channel until delivered: offer the next one from another
        // instance, and reuse an instance only after more than a channel's capacity of later accepts
        private final Trade[] ring = new Trade[RING_MASK + 1];
        private int ringIndex;

        ChannelObject(final Path directory)
        {
            store = options(directory, false).objectStore(new TradeCodec());
            channel = ChannelBuilder.<Trade>channel("jmh-spill-object").kind(ChannelKind.OBJECT_SPSC)
                .capacity(CHANNEL_CAPACITY).policy(OverflowPolicy.SPILL).spillStore(store).buildObjectChannel();
            spillStore = store;
            spillChannel = channel;
            for (int i = 0; i < ring.length; i++)
            {
                ring[i] = new Trade(0);
            }
        }

        @Override
        void append(final int count)
        {
            for (int i = 0; i < count; i++)
            {
                final Trade trade = ring[ringIndex & RING_MASK];
                trade.next(nextSeq());
                final int code = channel.offer(trade);
                if (code == OfferResult.ACCEPTED)
                {
                    ringIndex++;
                }
                else if (code != OfferResult.SPILLED)
                {
                    throw refused("channel", trade.seq, code);
                }
            }
        }

        @Override
        int drainOnce(final int limit)
        {
            return channel.drain(sink, limit);
        }
    }

    /**
     * A {@code BINARY_SPSC} channel of capacity {@value #CHANNEL_CAPACITY} with policy {@code SPILL} over the binary
     * store, and a consumer that only drains when asked.
     */
    static final class ChannelBinary extends ChannelEndpoint
    {
        private final ChronicleBinarySpillStore store;
        private final BinaryChannel channel;
        private final Trade trade = new Trade(0);
        private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(Trade.LENGTH));
        private final BinarySink sink = new BinarySink(this);

        ChannelBinary(final Path directory)
        {
            store = options(directory, false).binaryStore();
            channel = ChannelBuilder.channel("jmh-spill-binary").kind(ChannelKind.BINARY_SPSC)
                .capacity(CHANNEL_CAPACITY).maxMessageLength(Trade.LENGTH).policy(OverflowPolicy.SPILL)
                .binarySpillStore(store).buildBinaryChannel();
            spillStore = store;
            spillChannel = channel;
        }

        @Override
        void append(final int count)
        {
            for (int i = 0; i < count; i++)
            {
                trade.next(nextSeq());
                trade.encode(payload, 0);
                final int code = channel.offer(TYPE_ID, payload, 0, Trade.LENGTH);
                if (code != OfferResult.ACCEPTED && code != OfferResult.SPILLED)
                {
                    throw refused("channel", trade.seq, code);
                }
            }
        }

        @Override
        int drainOnce(final int limit)
        {
            return channel.drain(sink, limit);
        }
    }

    static void checkChannel(final ChannelCounters counters, final long storePending, final long storeRefused)
    {
        if (!counters.isConserved() || counters.depth() != 0 || counters.spilledPending() != 0 || storePending != 0 ||
            storeRefused != 0 || counters.spillRefused() != 0)
        {
            throw new IllegalStateException("spilling channel not drained or not conserved: " + counters +
                " storePending=" + storePending + " storeRefused=" + storeRefused);
        }
    }
}
