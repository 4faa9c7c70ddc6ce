package io.sluice.persistence.deadletter;

import io.sluice.persistence.StoreDirectory;
import io.sluice.runtime.failure.DeadLetterReason;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writing side shared by the object and binary dead-letter stores: the locked directory, one Chronicle queue,
 * one appender and one staging buffer, all guarded by one lock.
 * <p>
 * Why one appender behind a lock rather than one per thread: a record's sequence must follow the order of the
 * records in the queue, so taking the next sequence and appending must be one step; a dead letter is a cold path
 * (a handler failed every attempt), so a lock that is almost never contended costs nothing that matters; and a
 * Chronicle appender is bound to one thread unless, as here, its single-thread check is turned off under a lock.
 */
final class DeadLetterJournal implements AutoCloseable
{
    static final int INITIAL_STAGING_CAPACITY = 1024;

    final ReentrantLock lock = new ReentrantLock();
    final ExpandableArrayBuffer staging = new ExpandableArrayBuffer(INITIAL_STAGING_CAPACITY);
    private final StoreDirectory directory;
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private long nextSequence;
    private boolean closed;

    private DeadLetterJournal(final StoreDirectory directory, final ChronicleQueue queue, final long nextSequence)
    {
        this.directory = directory;
        this.queue = queue;
        this.appender = queue.createAppender();
        // guarded by lock: the appender is used by one thread at a time, but not always the same one
        this.appender.singleThreadedCheckDisabled(true);
        this.nextSequence = nextSequence;
    }

    static DeadLetterJournal open(final Path path, final String kind, final String codec)
    {
        final StoreDirectory directory = StoreDirectory.openExclusive(path, kind, codec);
        ChronicleQueue queue = null;
        try
        {
            // check the data read-only first: a corrupt or foreign queue is refused before a writer touches it
            final long next;
            try (DeadLetterReader reader = DeadLetterReader.open(path))
            {
                next = reader.lastSequence() + 1;
            }
            queue = DeadLetterStores.openQueue(path, false);
            return new DeadLetterJournal(directory, queue, next);
        }
        catch (final RuntimeException ex)
        {
            if (null != queue)
            {
                queue.close();
            }
            directory.close();
            throw ex;
        }
    }

    Path path()
    {
        return directory.path();
    }

    /**
     * Write the fixed fields and the four string fields into the staging buffer and make room for the payload.
     * Call with {@link #lock} held.
     *
     * @return the offset of the payload's length field; the payload goes 4 bytes after it.
     */
    int putHeader(
        final int typeId,
        final String stage,
        final String edge,
        final Throwable cause,
        final int attempts,
        final long firstEpochNanos,
        final long lastEpochNanos,
        final DeadLetterReason reason,
        final int maxPayloadLength)
    {
        if (closed)
        {
            throw new IllegalStateException("dead-letter store " + directory.path() + " is closed");
        }
        final String causeClass = null == cause ? null : cause.getClass().getName();
        // getMessage may build a string (the one allocation a dead letter can cost here)
        final String causeMessage = null == cause ? null : cause.getMessage();
        final int bound = DeadLetterLayout.VARIABLE_OFFSET + DeadLetterLayout.maxUtf8Field(stage) +
            DeadLetterLayout.maxUtf8Field(edge) + DeadLetterLayout.maxUtf8Field(causeClass) +
            DeadLetterLayout.maxUtf8Field(causeMessage) + Integer.BYTES + maxPayloadLength;
        final ExpandableArrayBuffer buffer = staging;
        buffer.checkLimit(bound);
        buffer.putInt(DeadLetterLayout.MAGIC_OFFSET, DeadLetterLayout.MAGIC);
        buffer.putInt(DeadLetterLayout.TYPE_ID_OFFSET, typeId);
        buffer.putLong(DeadLetterLayout.SEQUENCE_OFFSET, nextSequence);
        buffer.putInt(DeadLetterLayout.ATTEMPTS_OFFSET, attempts);
        buffer.putInt(DeadLetterLayout.REASON_OFFSET, null == reason ? -1 : reason.ordinal());
        buffer.putLong(DeadLetterLayout.FIRST_FAILURE_OFFSET, firstEpochNanos);
        buffer.putLong(DeadLetterLayout.LAST_FAILURE_OFFSET, lastEpochNanos);
        int at = DeadLetterLayout.VARIABLE_OFFSET;
        at = DeadLetterLayout.putUtf8Field(buffer, at, stage);
        at = DeadLetterLayout.putUtf8Field(buffer, at, edge);
        at = DeadLetterLayout.putUtf8Field(buffer, at, causeClass);
        at = DeadLetterLayout.putUtf8Field(buffer, at, causeMessage);
        return at;
    }

    /**
     * Append the staged record whose payload of the given length follows its length field at payloadField.
     * Call with {@link #lock} held.
     *
     * @return the record's sequence.
     */
    long append(final int payloadField, final int payloadLength)
    {
        staging.putInt(payloadField, payloadLength);
        final int length = payloadField + Integer.BYTES + payloadLength;
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(staging.byteArray(), 0, length);
        }
        return nextSequence++;
    }

    /**
     * Records appended so far (since the store was created or last purged).
     */
    long count()
    {
        lock.lock();
        try
        {
            return nextSequence;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void close()
    {
        lock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            closed = true;
            appender.close();
            queue.close();
            directory.close();
        }
        finally
        {
            lock.unlock();
        }
    }
}
