package io.sluice.persistence.deadletter;

import io.sluice.persistence.StoreDirectoryException;
import io.sluice.runtime.failure.BinaryDeadLetter;
import io.sluice.runtime.failure.BinaryDeadLetterSink;

import java.nio.file.Path;

/**
 * A durable {@link BinaryDeadLetterSink}: each dead letter becomes one record in a Chronicle queue in its own
 * directory, with the message's bytes and type id as they were, the stage and inbound edge, the cause's class and
 * message, the attempts, the first and last failure times and the reason, under a sequence number 0, 1, 2, ...
 * Read it back, replay it and purge it with {@link DeadLetterReader}, {@link ReplayCursor} and
 * {@link DeadLetterStores#purge(Path)}, or with {@code bin/sluice dlq}.
 * <p>
 * The directory is locked for this store while it is open: a second store on it, in this or another process, is
 * refused with a {@link StoreDirectoryException}. Records go to the page cache through Chronicle's memory mapping: they
 * survive a crash of the process (SIGKILL), not a power loss.
 * <p>
 * No allocation per dead letter beyond what the cause's {@code getMessage()} allocates: the bytes are copied once
 * into a reused, growing staging buffer and strings are encoded without {@code String.getBytes}.
 * <p>
 * <b>Note:</b> thread-safe: several stages may share one store; appends are serialised by one lock, so sequence order
 * is append order.
 */
public final class ChronicleBinaryDeadLetterStore implements BinaryDeadLetterSink, AutoCloseable
{
    private final DeadLetterJournal journal;

    private ChronicleBinaryDeadLetterStore(final DeadLetterJournal journal)
    {
        this.journal = journal;
    }

    /**
     * Open (creating if needed) the store in a directory, locking it for this store.
     *
     * @param path the directory, one per store.
     * @return the open store.
     * @throws StoreDirectoryException if the directory is unusable, holds another kind of store, is corrupt, or is in
     *                                 use; nothing in it is changed.
     */
    public static ChronicleBinaryDeadLetterStore open(final Path path)
    {
        return new ChronicleBinaryDeadLetterStore(
            DeadLetterJournal.open(path, DeadLetterStores.BINARY_KIND, DeadLetterStores.RAW_BYTES_CODEC));
    }

    /**
     * Append a record for the letter, its bytes included.
     *
     * @param letter valid only during the call, with its bytes.
     * @throws IllegalStateException if the store is closed.
     */
    @Override
    public void onDeadLetter(final BinaryDeadLetter letter)
    {
        final int length = letter.length();
        journal.lock.lock();
        try
        {
            final int payloadField = journal.putHeader(letter.typeId(), letter.stage(), letter.edge(), letter.cause(),
                letter.attempts(), letter.firstAttemptEpochNanos(), letter.lastAttemptEpochNanos(), letter.reason(),
                length);
            if (length > 0)
            {
                journal.staging.putBytes(payloadField + Integer.BYTES, letter.buffer(), letter.offset(), length);
            }
            journal.append(payloadField, length);
        }
        finally
        {
            journal.lock.unlock();
        }
    }

    /**
     * Dead letters in the store, including those written before it was (re)opened.
     *
     * @return the count.
     */
    public long count()
    {
        return journal.count();
    }

    /**
     * The store's directory.
     *
     * @return the path.
     */
    public Path path()
    {
        return journal.path();
    }

    /**
     * Close the queue and release the directory; the records stay. Idempotent.
     */
    @Override
    public void close()
    {
        journal.close();
    }
}
