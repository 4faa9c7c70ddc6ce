package io.sluice.persistence.spill;

import io.sluice.persistence.StoreDirectory;
import io.sluice.persistence.StoreDirectoryException;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a spill directory without changing it, for tools: what is pending (spilled and not acknowledged), in order,
 * as raw bytes. It opens the queue read-only and takes no lock, so it works on the directory of a live process (a
 * snapshot, racing its appends and acknowledgements) as well as on one left by a crash.
 * <p>
 * <b>Note:</b> not thread-safe.
 */
public final class SpillDirectoryReader implements AutoCloseable
{
    /** A pending record: its Chronicle index, type id (binary stores; 0 for object stores) and bytes. */
    @FunctionalInterface
    public interface RecordVisitor
    {
        /**
         * Visit one pending record.
         *
         * @param index  the record's Chronicle index.
         * @param typeId the message type id for binary stores, 0 for object stores.
         * @param buffer holding the payload (the codec's bytes for object stores), valid only during the call.
         * @param offset at which the payload starts.
         * @param length of the payload.
         * @return true to go on, false to stop.
         */
        boolean onRecord(long index, int typeId, DirectBuffer buffer, int offset, int length);
    }

    private final Path path;
    private final String kind;
    private final String codec;
    private final SingleChronicleQueue queue;
    private final RecordView recordView = new RecordView();

    private SpillDirectoryReader(final Path path, final String kind, final String codec,
        final SingleChronicleQueue queue)
    {
        this.path = path;
        this.kind = kind;
        this.codec = codec;
        this.queue = queue;
    }

    /**
     * Open a spill directory for reading.
     *
     * @param path the directory of a spill store (object or binary).
     * @return the reader; close it.
     * @throws StoreDirectoryException if the directory is missing, unreadable, not a spill store or corrupt.
     */
    public static SpillDirectoryReader open(final Path path)
    {
        final String kind = StoreDirectory.kindOf(path);
        if (!SpillQueue.OBJECT_KIND.equals(kind) && !SpillQueue.BINARY_KIND.equals(kind))
        {
            throw new StoreDirectoryException(path, "holds a '" + kind + "' store, not a spill store ('" +
                SpillQueue.OBJECT_KIND + "' or '" + SpillQueue.BINARY_KIND + "')");
        }
        final String codec = StoreDirectory.checkReadable(path, kind);
        try
        {
            // the queue's metadata decides the roll cycle; naming the default one avoids Chronicle's warning that
            // it overrides the builder's for the usual stores
            final SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(path.toFile()).readOnly(true)
                .rollCycle(SpillOptions.directory(path).resolveRollCycle()).build();
            return new SpillDirectoryReader(path, kind, codec, queue);
        }
        catch (final Exception ex)
        {
            throw new StoreDirectoryException(path, "cannot be read as a Chronicle spill queue (corrupt?)", ex);
        }
    }

    /**
     * Whether the records hold a type id and raw bytes (a binary store) rather than a codec's bytes.
     *
     * @return true for a binary store.
     */
    public boolean isBinary()
    {
        return SpillQueue.BINARY_KIND.equals(kind);
    }

    /**
     * The codec the records were written with ({@code raw-binary/1} for binary stores).
     *
     * @return the codec name recorded in the directory.
     */
    public String codec()
    {
        return codec;
    }

    /**
     * The Chronicle index of the last acknowledged message.
     *
     * @return the index, 0 if nothing was acknowledged.
     */
    public long acknowledgedIndex()
    {
        // indexForId keeps its value under "index." + id in the queue's table store
        final long value = queue.tableStoreGet("index." + SpillQueue.ACK_KEY);
        return value == Long.MIN_VALUE ? 0 : value;
    }

    /**
     * Whether a live process holds the directory now (its lock is taken).
     *
     * @return true if in use.
     */
    public boolean inUse()
    {
        final Path lockFile = path.resolve(StoreDirectory.LOCK_FILE);
        if (!Files.exists(lockFile))
        {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ))
        {
            final FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            if (null == lock)
            {
                return true;
            }
            lock.release();
            return false;
        }
        catch (final OverlappingFileLockException ex)
        {
            return true;
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(path, "cannot read " + StoreDirectory.LOCK_FILE, ex);
        }
    }

    /**
     * The queue's roll-cycle files.
     *
     * @return their paths, sorted.
     */
    public List<Path> files()
    {
        try (Stream<Path> files = Files.list(path))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(SingleChronicleQueue.SUFFIX)).sorted()
                .collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(path, "cannot be listed", ex);
        }
    }

    /**
     * Visit the pending records, oldest first.
     *
     * @param visitor called once per record until it returns false.
     * @param limit   maximum records to visit.
     * @return the number of records visited.
     */
    public long forEachPending(final RecordVisitor visitor, final long limit)
    {
        long count = 0;
        try (ExcerptTailer tailer = queue.createTailer())
        {
            final long acknowledged = acknowledgedIndex();
            boolean skipAcknowledged = false;
            if (acknowledged != 0 && tailer.moveToIndex(acknowledged))
            {
                skipAcknowledged = true;
            }
            else
            {
                tailer.toStart();
            }
            while (count < limit)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    if (skipAcknowledged)
                    {
                        skipAcknowledged = false;
                        if (dc.index() == acknowledged)
                        {
                            continue;
                        }
                    }
                    if (dc.index() <= acknowledged)
                    {
                        continue;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final int length = (int)bytes.readRemaining();
                    final UnsafeBuffer buffer = recordView.wrap(bytes, length);
                    count++;
                    final boolean more = isBinary() ?
                        visitor.onRecord(dc.index(), buffer.getInt(0), buffer, Integer.BYTES, length - Integer.BYTES) :
                        visitor.onRecord(dc.index(), 0, buffer, 0, length);
                    if (!more)
                    {
                        break;
                    }
                }
            }
        }
        return count;
    }

    /**
     * Count the pending records and their payload bytes.
     *
     * @return {messages, bytes}.
     */
    public long[] pending()
    {
        final long[] totals = new long[2];
        forEachPending((index, typeId, buffer, offset, length) ->
        {
            totals[0]++;
            totals[1] += length;
            return true;
        }, Long.MAX_VALUE);
        return totals;
    }

    /**
     * The directory.
     *
     * @return its path.
     */
    public Path directory()
    {
        return path;
    }

    /**
     * Close the queue; nothing in the directory changes.
     */
    @Override
    public void close()
    {
        queue.close();
    }
}
