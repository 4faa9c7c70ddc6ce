package io.sluice.persistence.spill;

import io.sluice.persistence.StoreDirectory;
import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.codec.Codec;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.io.Closeable;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.NavigableSet;
import java.util.stream.Stream;

/**
 * The Chronicle queue under one spill store: appends from producer threads, reads and acknowledgements on the
 * consumer thread, recovery at open and deletion of drained files.
 * <p>
 * Record layout: an object record is the codec's bytes; a binary record is a 4-byte type id then the payload.
 * <p>
 * The acknowledged position is the index of the last message the consumer has been handed (and acknowledged),
 * kept in the queue's own metadata file ({@code metadata.cq4t}) under {@value #ACK_KEY}, 0 for none. Files of roll
 * cycles before the acknowledged one hold only acknowledged messages and are deleted.
 * <p>
 * Appends take a short spin lock around one appender: the spill path is already the slow path, the lock keeps the
 * appends of several producers in one order, and Chronicle serialises writers to a queue anyway.
 */
final class SpillQueue implements AutoCloseable
{
    static final String OBJECT_KIND = "spill-object";
    static final String BINARY_KIND = "spill-binary";
    static final String BINARY_CODEC = "raw-binary/1";
    static final String ACK_KEY = "sluice.spill.acknowledged";

    private static final VarHandle APPEND_LOCK;
    private static final VarHandle APPENDED;
    private static final VarHandle APPENDED_BYTES;
    private static final VarHandle TAKEN;
    private static final VarHandle TAKEN_BYTES;
    private static final VarHandle ACKNOWLEDGED;
    private static final VarHandle REFUSED;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            APPEND_LOCK = lookup.findVarHandle(ProducerCountFields.class, "appendLock", int.class);
            APPENDED = lookup.findVarHandle(ProducerCountFields.class, "appended", long.class);
            APPENDED_BYTES = lookup.findVarHandle(ProducerCountFields.class, "appendedBytes", long.class);
            TAKEN = lookup.findVarHandle(ConsumerCountFields.class, "taken", long.class);
            TAKEN_BYTES = lookup.findVarHandle(ConsumerCountFields.class, "takenBytes", long.class);
            ACKNOWLEDGED = lookup.findVarHandle(SpillQueue.class, "acknowledged", long.class);
            REFUSED = lookup.findVarHandle(ProducerCountFields.class, "refused", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Path path;
    private final StoreDirectory directory;
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final DateTimeFormatter fileNames;
    private final ExcerptAppender appender;
    private final ExcerptTailer tailer;
    private final LongValue ackValue;
    private final boolean syncOnAppend;
    private final boolean manualAck;
    private final int ackEvery;
    private final long maxPendingMessages;
    private final long maxPendingBytes;
    private final long recovered;
    private final long recoveredBytes;

    // producer side, under the append lock (released stores, read by anyone), on cache lines of its own
    private final ProducerCounts producerCounts = new ProducerCounts();
    private ByteBuffer stagingBuffer;
    private UnsafeBuffer staging;
    private BytesStore<?, ByteBuffer> stagingStore;

    // consumer side
    private final RecordView recordView = new RecordView();
    /** Written by the consumer, read by producers and monitors: on cache lines of its own. */
    private final ConsumerCounts consumerCounts = new ConsumerCounts();
    private long acknowledged;
    private long delivered;
    private long lastTakenIndex;
    private long previousTakenIndex;
    private long deliveredIndex;
    private long sinceAck;
    private int oldestRetainedCycle;
    private long cyclesDeleted;
    private boolean closed;

    SpillQueue(final SpillOptions options, final String kind, final String codecName)
    {
        path = options.directory;
        rollCycle = options.resolveRollCycle();
        fileNames = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        syncOnAppend = options.syncOnAppend;
        manualAck = options.manualAck;
        ackEvery = options.ackEvery;
        maxPendingMessages = options.maxPendingMessages;
        maxPendingBytes = options.maxPendingBytes;
        ensureStaging(256);

        directory = StoreDirectory.openExclusive(path, kind, codecName);
        checkReadOnly(path, directory);
        SingleChronicleQueue q = null;
        LongValue ack = null;
        try
        {
            final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(path.toFile())
                .rollCycle(rollCycle);
            if (null != options.timeProvider)
            {
                builder.timeProvider(options.timeProvider);
            }
            if (syncOnAppend)
            {
                // without SyncMode.SYNC, appender.sync() is msync(MS_ASYNC), which on Linux neither writes nor waits
                builder.syncMode(SyncMode.SYNC);
            }
            q = builder.build();
            queue = q;
            appender = queue.createAppender();
            appender.singleThreadedCheckDisabled(true);
            tailer = queue.createTailer();
            tailer.singleThreadedCheckDisabled(true);
            ack = queue.indexForId(ACK_KEY);
            ackValue = ack;

            final long ackedIndex = ackValue.getVolatileValue();
            positionAfter(ackedIndex);
            final long[] pending = countFrom(tailer.index());
            recovered = pending[0];
            recoveredBytes = pending[1];
            acknowledged = ackedIndex;
            deliveredIndex = ackedIndex;
            lastTakenIndex = ackedIndex;
            previousTakenIndex = ackedIndex;
            // unknown until the first acknowledgement looks (an empty queue reports Integer.MAX_VALUE)
            oldestRetainedCycle = Integer.MIN_VALUE;
            if (ackedIndex != 0)
            {
                deleteCyclesBefore(rollCycle.toCycle(ackedIndex));
            }
        }
        catch (final StoreDirectoryException ex)
        {
            Closeable.closeQuietly(ack);
            closeAll(q);
            throw ex;
        }
        catch (final Exception ex)
        {
            // Chronicle throws checked exceptions (StreamCorruptedException) without declaring them
            Closeable.closeQuietly(ack);
            closeAll(q);
            throw new StoreDirectoryException(path, "cannot be read as a Chronicle spill queue (corrupt?); nothing " +
                "was changed", ex);
        }
    }

    /**
     * Read what a restart will deliver with a read-only queue first: a corrupt queue is refused before a writable
     * Chronicle queue touches its files (a writable open updates the queue's metadata file).
     */
    private static void checkReadOnly(final Path path, final StoreDirectory directory)
    {
        try (Stream<Path> files = Files.list(path))
        {
            if (files.noneMatch(file -> file.getFileName().toString().endsWith(".cq4")))
            {
                return;
            }
        }
        catch (final IOException ex)
        {
            directory.close();
            throw new StoreDirectoryException(path, "cannot be listed", ex);
        }
        try (SpillDirectoryReader reader = SpillDirectoryReader.open(path))
        {
            reader.pending();
        }
        catch (final StoreDirectoryException ex)
        {
            directory.close();
            throw ex;
        }
        catch (final Exception ex)
        {
            // Chronicle throws checked exceptions (StreamCorruptedException) without declaring them
            directory.close();
            throw new StoreDirectoryException(path, "cannot be read as a Chronicle spill queue (corrupt?); nothing " +
                "was changed", ex);
        }
    }

    private void positionAfter(final long ackedIndex)
    {
        if (ackedIndex == 0)
        {
            tailer.toStart();
            return;
        }
        if (tailer.moveToIndex(ackedIndex))
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent() || dc.index() != ackedIndex)
                {
                    throw new StoreDirectoryException(path, "acknowledged message " + Long.toHexString(ackedIndex) +
                        " cannot be read back (corrupt queue file?); nothing was changed");
                }
            }
            return;
        }
        final long first = queue.firstIndex();
        if (first == Long.MAX_VALUE || ackedIndex < first)
        {
            // the acknowledged message's file was deleted with its cycle: everything left is newer
            tailer.toStart();
            return;
        }
        throw new StoreDirectoryException(path, "acknowledged position " + Long.toHexString(ackedIndex) +
            " is not in the queue (first index " + Long.toHexString(first) + "): the files do not match their " +
            "metadata; nothing was changed");
    }

    private long[] countFrom(final long index)
    {
        long count = 0;
        long bytes = 0;
        try (ExcerptTailer scan = queue.createTailer())
        {
            if (index != 0 && !scan.moveToIndex(index))
            {
                return new long[]{0, 0};
            }
            if (index == 0)
            {
                scan.toStart();
            }
            while (true)
            {
                try (DocumentContext dc = scan.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    count++;
                    bytes += dc.wire().bytes().readRemaining();
                }
            }
        }
        return new long[]{count, bytes};
    }

    // -------------------------------------------------------------------------------------------------------------
    // producers
    // -------------------------------------------------------------------------------------------------------------

    <E> boolean appendObject(final Codec<E> codec, final E message)
    {
        final int bound = codec.maxEncodedLength(message);
        lock();
        try
        {
            ensureStaging(bound);
            final int length = codec.encode(message, staging, 0);
            if (length < 0 || length > bound)
            {
                throw new IllegalStateException("codec " + codec.name() + " wrote length=" + length +
                    ", allowed 0.." + bound + " (its maxEncodedLength)");
            }
            return appendStaged(0, length);
        }
        finally
        {
            unlock();
        }
    }

    boolean appendBinary(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        lock();
        try
        {
            ensureStaging(length + Integer.BYTES);
            staging.putInt(0, typeId);
            staging.putBytes(Integer.BYTES, buffer, offset, length);
            return appendStaged(Integer.BYTES, length + Integer.BYTES);
        }
        finally
        {
            unlock();
        }
    }

    /**
     * Under the lock: write the staged record unless a limit refuses it.
     */
    private boolean appendStaged(final int headerLength, final int recordLength)
    {
        if (closed)
        {
            throw new IllegalStateException("spill store " + path + " is closed");
        }
        final long appendedNow = (long)APPENDED.get(producerCounts);
        final long appendedBytesNow = (long)APPENDED_BYTES.get(producerCounts);
        // the consumer's counts only grow: a stale copy overstates what is pending, so the limits are re-checked
        // against fresh counts only when the copy says they are reached (the producer does not read the consumer's
        // line on every append)
        if (overLimits(appendedNow, appendedBytesNow, recordLength))
        {
            producerCounts.cachedTakenBytes = (long)TAKEN_BYTES.getVolatile(consumerCounts);
            producerCounts.cachedTaken = (long)TAKEN.getVolatile(consumerCounts);
            if (overLimits(appendedNow, appendedBytesNow, recordLength))
            {
                REFUSED.setRelease(producerCounts, (long)REFUSED.get(producerCounts) + 1);
                return false;
            }
        }
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(stagingStore, 0L, (long)recordLength);
        }
        if (syncOnAppend)
        {
            appender.sync();
        }
        APPENDED_BYTES.setRelease(producerCounts, appendedBytesNow + recordLength);
        APPENDED.setRelease(producerCounts, appendedNow + 1);
        return true;
    }

    private boolean overLimits(final long appendedNow, final long appendedBytesNow, final int recordLength)
    {
        return recovered + appendedNow - producerCounts.cachedTaken >= maxPendingMessages ||
            recoveredBytes + appendedBytesNow - producerCounts.cachedTakenBytes + recordLength > maxPendingBytes;
    }

    private void lock()
    {
        int spins = 0;
        while (!APPEND_LOCK.compareAndSet(producerCounts, 0, 1))
        {
            // the holder may be writing a record or mapping the next chunk: spin briefly, then give way
            if (++spins < 100)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
    }

    private void unlock()
    {
        APPEND_LOCK.setRelease(producerCounts, 0);
    }

    private void ensureStaging(final int length)
    {
        if (null == stagingBuffer || stagingBuffer.capacity() < length)
        {
            final int capacity = Math.max(256, Integer.highestOneBit(Math.max(1, length - 1)) << 1);
            stagingBuffer = ByteBuffer.allocateDirect(capacity);
            staging = new UnsafeBuffer(stagingBuffer);
            stagingStore = BytesStore.wrap(stagingBuffer);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // consumer
    // -------------------------------------------------------------------------------------------------------------

    <E> E pollObject(final Codec<E> codec)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return null;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final int length = (int)bytes.readRemaining();
            final UnsafeBuffer view = recordView.wrap(bytes, length);
            final E message = codec.decode(view, 0, length);
            taken(dc.index(), length);
            return message;
        }
    }

    int readBinary(final MessageHandler handler, final int limit)
    {
        int count = 0;
        while (count < limit)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int length = (int)bytes.readRemaining();
                if (length < Integer.BYTES)
                {
                    throw new IllegalStateException("spill store " + path + ": binary record at index " +
                        Long.toHexString(dc.index()) + " is " + length + " bytes, shorter than its type id");
                }
                final UnsafeBuffer view = recordView.wrap(bytes, length);
                final int typeId = view.getInt(0);
                taken(dc.index(), length);
                count++;
                handler.onMessage(typeId, view, Integer.BYTES, length - Integer.BYTES);
            }
        }
        return count;
    }

    private void taken(final long index, final int length)
    {
        previousTakenIndex = lastTakenIndex;
        lastTakenIndex = index;
        final ConsumerCounts counts = consumerCounts;
        TAKEN_BYTES.setRelease(counts, (long)TAKEN_BYTES.get(counts) + length);
        TAKEN.setRelease(counts, (long)TAKEN.get(counts) + 1);
    }

    /**
     * The channel handed {@code count} more taken messages to its consumer. At most one taken message waits in the
     * channel (its one-slot stash), so the last delivered one is either the last or the previous one taken.
     */
    void delivered(final int count)
    {
        delivered += count;
        final long waiting = (long)TAKEN.get(consumerCounts) - delivered;
        if (waiting == 0)
        {
            deliveredIndex = lastTakenIndex;
        }
        else if (waiting == 1)
        {
            deliveredIndex = previousTakenIndex;
        }
        else
        {
            throw new IllegalStateException("spill store " + path + ": delivered=" + delivered + " taken=" +
                (waiting + delivered) + ": more than one taken message waiting; the store is shared by two channels?");
        }
        sinceAck += count;
        if (!manualAck && sinceAck >= ackEvery)
        {
            acknowledge();
        }
    }

    /**
     * Make the consumer's position durable: every message delivered so far will not be delivered again.
     */
    void acknowledge()
    {
        final long index = deliveredIndex;
        sinceAck = 0;
        if (index == acknowledged)
        {
            return;
        }
        ackValue.setOrderedValue(index);
        ACKNOWLEDGED.setRelease(this, index);
        final int cycle = rollCycle.toCycle(index);
        if (cycle > oldestRetainedCycle)
        {
            deleteCyclesBefore(cycle);
        }
    }

    /**
     * Delete the files of every cycle before {@code cycle}: they hold only acknowledged messages.
     */
    private void deleteCyclesBefore(final int cycle)
    {
        final int first = queue.firstCycle();
        if (first == Integer.MAX_VALUE || first >= cycle)
        {
            oldestRetainedCycle = Math.max(oldestRetainedCycle, cycle);
            return;
        }
        final NavigableSet<Long> cycles = queue.listCyclesBetween(first, cycle - 1);
        for (final Long old : cycles)
        {
            final Path file = path.resolve(fileNames.format(Instant.ofEpochMilli(
                old * rollCycle.lengthInMillis() + queue.epoch())) + SingleChronicleQueue.SUFFIX);
            try
            {
                if (Files.deleteIfExists(file))
                {
                    cyclesDeleted++;
                }
            }
            catch (final IOException ex)
            {
                // retried at the next cycle; the data is acknowledged, so keeping it is only a cost
            }
        }
        oldestRetainedCycle = cycle;
        queue.refreshDirectoryListing();
    }

    // -------------------------------------------------------------------------------------------------------------
    // state
    // -------------------------------------------------------------------------------------------------------------

    long recovered()
    {
        return recovered;
    }

    long pendingMessages()
    {
        return recovered + (long)APPENDED.getVolatile(producerCounts) - (long)TAKEN.getVolatile(consumerCounts);
    }

    long pendingBytes()
    {
        return recoveredBytes + (long)APPENDED_BYTES.getVolatile(producerCounts) -
            (long)TAKEN_BYTES.getVolatile(consumerCounts);
    }

    long appended()
    {
        return (long)APPENDED.getVolatile(producerCounts);
    }

    long refused()
    {
        return (long)REFUSED.getVolatile(producerCounts);
    }

    long acknowledgedIndex()
    {
        return (long)ACKNOWLEDGED.getVolatile(this);
    }

    long cyclesDeleted()
    {
        return cyclesDeleted;
    }

    Path path()
    {
        return path;
    }

    @Override
    public void close()
    {
        lock();
        try
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        finally
        {
            unlock();
        }
        if (!manualAck && sinceAck > 0)
        {
            acknowledge();
        }
        // the acknowledged position maps metadata.cq4t on its own: unmapped only when closed
        Closeable.closeQuietly(ackValue);
        closeAll(queue);
    }

    private void closeAll(final SingleChronicleQueue q)
    {
        try
        {
            if (null != q)
            {
                q.close();
            }
        }
        finally
        {
            directory.close();
        }
    }
}

/** Padding before the consumer's counts: a line's worth, so nothing allocated before them shares their line. */
class ConsumerCountPad
{
    long p01, p02, p03, p04, p05, p06, p07, p08;
}

/** The consumer's counts, accessed through SpillQueue's VarHandles (release stores, volatile loads). */
class ConsumerCountFields extends ConsumerCountPad
{
    long taken;
    long takenBytes;
}

/** Padding after the consumer's counts. */
final class ConsumerCounts extends ConsumerCountFields
{
    long q01, q02, q03, q04, q05, q06, q07, q08;
}

/** Padding before the producers' counts. */
class ProducerCountPad
{
    long p01, p02, p03, p04, p05, p06, p07, p08;
}

/** The producers' counts and lock, accessed through SpillQueue's VarHandles; the cached copies are plain. */
class ProducerCountFields extends ProducerCountPad
{
    int appendLock;
    long appended;
    long appendedBytes;
    long refused;
    /** The consumer's counts as last read by a producer (under the append lock). */
    long cachedTaken;
    long cachedTakenBytes;
}

/** Padding after the producers' counts. */
final class ProducerCounts extends ProducerCountFields
{
    long q01, q02, q03, q04, q05, q06, q07, q08;
}
