package io.sluice.persistence.deadletter;

import io.sluice.persistence.StoreDirectory;
import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.codec.Codec;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads a dead-letter store's directory, object or binary, without locking it: a store may be appending in this or
 * another process meanwhile (records it appends are seen by later reads). For tools: iterate, count, read one
 * record by sequence, decode a payload with the store's codec, and open {@link ReplayCursor}s.
 * <p>
 * Every problem with the directory (missing, unreadable, not a dead-letter store, corrupt) is a
 * {@link StoreDirectoryException} naming it; a reader never writes to the queue files.
 * <p>
 * <b>Note:</b> not thread-safe: one thread uses a reader and the records it fills.
 */
public final class DeadLetterReader implements AutoCloseable
{
    private final Path path;
    private final String kind;
    private final String codecName;
    private final ExpandableArrayBuffer staging = new ExpandableArrayBuffer(DeadLetterJournal.INITIAL_STAGING_CAPACITY);
    private ChronicleQueue queue;
    private ExcerptTailer tailer;

    private DeadLetterReader(final Path path, final String kind, final String codecName)
    {
        this.path = path;
        this.kind = kind;
        this.codecName = codecName;
    }

    /**
     * Open a dead-letter store's directory for reading.
     *
     * @param path the store directory.
     * @return the reader.
     * @throws StoreDirectoryException if the directory is missing, unreadable, not a dead-letter store or corrupt.
     */
    public static DeadLetterReader open(final Path path)
    {
        final String kind = StoreDirectory.kindOf(path);
        if (!DeadLetterStores.isDeadLetterKind(kind))
        {
            throw new StoreDirectoryException(path, "holds a '" + kind + "' store, not a dead-letter store");
        }
        final String codec = StoreDirectory.checkReadable(path, kind);
        final DeadLetterReader reader = new DeadLetterReader(path, kind, codec);
        try
        {
            // read both ends now, so a corrupt queue is refused at open rather than in the middle of a tool's work
            reader.openQueueIfWritten();
            reader.firstSequence();
            reader.lastSequence();
        }
        catch (final RuntimeException | AssertionError ex)
        {
            reader.close();
            throw DeadLetterStores.corrupt(path, ex);
        }
        return reader;
    }

    /**
     * The directory read.
     *
     * @return its path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * The kind of store.
     *
     * @return {@link DeadLetterStores#OBJECT_KIND} or {@link DeadLetterStores#BINARY_KIND}.
     */
    public String kind()
    {
        return kind;
    }

    /**
     * Whether the store holds binary messages (raw bytes and type id).
     *
     * @return true for a {@link ChronicleBinaryDeadLetterStore}'s directory.
     */
    public boolean isBinary()
    {
        return DeadLetterStores.BINARY_KIND.equals(kind);
    }

    /**
     * The codec the payloads were written with.
     *
     * @return its name, {@link DeadLetterStores#RAW_BYTES_CODEC} for a binary store.
     */
    public String codecName()
    {
        return codecName;
    }

    /**
     * Check that a codec is the one the payloads were written with.
     *
     * @param codec to check.
     * @throws StoreDirectoryException naming both codecs if it is not.
     */
    public void requireCodec(final Codec<?> codec)
    {
        if (!codecName.equals(codec.name()))
        {
            throw new StoreDirectoryException(path, "holds dead letters written with codec '" + codecName +
                "', not with codec '" + codec.name() + "'; read it with the codec that wrote it");
        }
    }

    /**
     * Decode a record's payload.
     *
     * @param codec the store's codec.
     * @param record read from this store.
     * @param <T>    type of the messages.
     * @return the message.
     * @throws StoreDirectoryException if the codec is not the store's.
     */
    public <T> T decode(final Codec<T> codec, final DeadLetterRecord record)
    {
        requireCodec(codec);
        return codec.decode(record.payloadBuffer(), record.payloadOffset(), record.payloadLength());
    }

    /**
     * Dead letters in the store now.
     *
     * @return the count.
     */
    public long count()
    {
        final long first = firstSequence();
        return first < 0 ? 0 : lastSequence() - first + 1;
    }

    /**
     * Sequence of the oldest dead letter.
     *
     * @return the sequence, -1 if the store is empty.
     */
    public long firstSequence()
    {
        return endSequence(TailerDirection.FORWARD);
    }

    /**
     * Sequence of the newest dead letter.
     *
     * @return the sequence, -1 if the store is empty.
     */
    public long lastSequence()
    {
        return endSequence(TailerDirection.BACKWARD);
    }

    /**
     * Hand every record, oldest first, to a handler, with one reused view.
     *
     * @param handler for each record.
     * @return records handed over.
     */
    public long forEach(final DeadLetterRecordHandler handler)
    {
        return forEach(0, Long.MAX_VALUE, handler);
    }

    /**
     * Hand records from a sequence on, oldest first, to a handler, with one reused view.
     *
     * @param fromSequence first sequence to hand over (earlier records are skipped).
     * @param limit        records handed over at most.
     * @param handler      for each record.
     * @return records handed over.
     */
    public long forEach(final long fromSequence, final long limit, final DeadLetterRecordHandler handler)
    {
        Objects.requireNonNull(handler, "handler");
        final DeadLetterRecord record = new DeadLetterRecord();
        final ExcerptTailer tailer = tailer();
        if (null == tailer)
        {
            return 0;
        }
        tailer.direction(TailerDirection.FORWARD).toStart();
        long handed = 0;
        while (handed < limit && readNext(tailer, record))
        {
            if (record.sequence() >= fromSequence)
            {
                handler.onRecord(record);
                handed++;
            }
        }
        return handed;
    }

    /**
     * Read the record with a sequence. Scans from the start: O(records before it).
     *
     * @param sequence of the record.
     * @param into     the view to fill.
     * @return true if found, false if the store holds no such record.
     */
    public boolean read(final long sequence, final DeadLetterRecord into)
    {
        final ExcerptTailer tailer = tailer();
        if (null == tailer || sequence < 0)
        {
            return false;
        }
        tailer.direction(TailerDirection.FORWARD).toStart();
        while (readNext(tailer, into))
        {
            final long found = into.sequence();
            if (found == sequence)
            {
                return true;
            }
            if (found > sequence)
            {
                return false;
            }
        }
        return false;
    }

    /**
     * Open (creating if needed) a named replay cursor on this store: a durable "replayed up to" mark, held
     * exclusively while open.
     *
     * @param name of the cursor: letters, digits, '-', '_' and '.', 1 to 64 of them.
     * @return the cursor; close it to release it.
     * @throws StoreDirectoryException if the cursor is open elsewhere or its mark file is corrupt.
     * @throws IllegalArgumentException if the name is not allowed.
     */
    public ReplayCursor replayCursor(final String name)
    {
        return ReplayCursor.open(this, name);
    }

    /**
     * Close the queue. Idempotent.
     */
    @Override
    public void close()
    {
        if (null != tailer)
        {
            tailer.close();
            tailer = null;
        }
        if (null != queue)
        {
            queue.close();
            queue = null;
        }
    }

    /**
     * A new tailer on the queue for a cursor, or null while nothing has been written.
     */
    ExcerptTailer newTailer()
    {
        openQueueIfWritten();
        return null == queue ? null : queue.createTailer();
    }

    /**
     * Read the next record into a view.
     *
     * @return false at the end of the queue.
     * @throws StoreDirectoryException if the record is not a well-formed dead letter.
     */
    boolean readNext(final ExcerptTailer tailer, final DeadLetterRecord into)
    {
        try
        {
            return readNextOrThrow(tailer, into);
        }
        catch (final RuntimeException | AssertionError ex)
        {
            throw DeadLetterStores.corrupt(path, ex);
        }
    }

    private boolean readNextOrThrow(final ExcerptTailer tailer, final DeadLetterRecord into)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final int length = (int)bytes.readRemaining();
            staging.checkLimit(length);
            bytes.read(staging.byteArray(), 0, length);
            if (!into.wrap(staging, length, dc.index()))
            {
                throw new StoreDirectoryException(path, "the record at Chronicle index " +
                    Long.toHexString(dc.index()) + " is not a Sluice dead letter: the queue is corrupt");
            }
            return true;
        }
    }

    private long endSequence(final TailerDirection direction)
    {
        try
        {
            return endSequenceOrThrow(direction);
        }
        catch (final RuntimeException | AssertionError ex)
        {
            throw DeadLetterStores.corrupt(path, ex);
        }
    }

    private long endSequenceOrThrow(final TailerDirection direction)
    {
        final ExcerptTailer tailer = tailer();
        if (null == tailer)
        {
            return -1;
        }
        tailer.direction(direction);
        if (direction == TailerDirection.FORWARD)
        {
            tailer.toStart();
        }
        else
        {
            tailer.toEnd();
        }
        final DeadLetterRecord record = new DeadLetterRecord();
        final long sequence = readNext(tailer, record) ? record.sequence() : -1;
        tailer.direction(TailerDirection.FORWARD);
        return sequence;
    }

    private ExcerptTailer tailer()
    {
        if (null == tailer)
        {
            openQueueIfWritten();
            if (null != queue)
            {
                tailer = queue.createTailer();
            }
        }
        return tailer;
    }

    private void openQueueIfWritten()
    {
        if (null == queue && hasQueueMetadata())
        {
            // read-only: a reader never changes the files, and a store may be appending meanwhile
            queue = DeadLetterStores.openQueue(path, true);
        }
    }

    private boolean hasQueueMetadata()
    {
        try (Stream<Path> files = Files.list(path))
        {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4t"));
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(path, "cannot be listed", ex);
        }
    }
}
