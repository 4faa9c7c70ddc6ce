package io.sluice.persistence.deadletter;

import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.codec.Codec;
import io.sluice.runtime.failure.DeadLetter;
import io.sluice.runtime.failure.DeadLetterSink;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A durable {@link DeadLetterSink} for object messages: each dead letter becomes one record in a Chronicle queue in
 * its own directory, with the payload written by a {@link Codec}, the stage and inbound edge, the cause's class and
 * message, the attempts, the first and last failure times and the reason, under a sequence number 0, 1, 2, ...
 * Read it back, replay it and purge it with {@link DeadLetterReader}, {@link ReplayCursor} and
 * {@link DeadLetterStores#purge(Path)}, or with {@code bin/sluice dlq}.
 * <p>
 * The directory is locked for this store while it is open: a second store on it, in this or another process, is
 * refused with a {@link StoreDirectoryException}. Records go to the page cache through Chronicle's memory mapping: they
 * survive a crash of the process (SIGKILL), not a power loss.
 * <p>
 * No allocation per dead letter beyond what the codec's encode and the cause's {@code getMessage()} allocate: the
 * record is staged in a reused, growing buffer and strings are encoded without {@code String.getBytes}.
 * <p>
 * <b>Note:</b> thread-safe: several stages may share one store; appends are serialised by one lock, so sequence order
 * is append order.
 *
 * @param <E> type of the messages.
 */
public final class ChronicleDeadLetterStore<E> implements DeadLetterSink<E>, AutoCloseable
{
    private final DeadLetterJournal journal;
    private final Codec<E> codec;

    private ChronicleDeadLetterStore(final DeadLetterJournal journal, final Codec<E> codec)
    {
        this.journal = journal;
        this.codec = codec;
    }

    /**
     * Open (creating if needed) the store in a directory, locking it for this store.
     *
     * @param path  the directory, one per store.
     * @param codec for the payloads; must be the codec the directory was written with.
     * @param <E>   type of the messages.
     * @return the open store.
     * @throws StoreDirectoryException if the directory is unusable, holds another kind of store or another codec's
     *                                 data, is corrupt, or is in use; nothing in it is changed.
     */
    public static <E> ChronicleDeadLetterStore<E> open(final Path path, final Codec<E> codec)
    {
        Objects.requireNonNull(codec, "codec");
        return new ChronicleDeadLetterStore<>(
            DeadLetterJournal.open(path, DeadLetterStores.OBJECT_KIND, codec.name()), codec);
    }

    /**
     * Append a record for the letter. A null message is recorded with an empty payload.
     *
     * @param letter valid only during the call.
     * @throws IllegalStateException if the store is closed.
     */
    @Override
    public void onDeadLetter(final DeadLetter<? extends E> letter)
    {
        final E message = letter.message();
        journal.lock.lock();
        try
        {
            final int maxPayload = null == message ? 0 : codec.maxEncodedLength(message);
            final int payloadField = journal.putHeader(0, letter.stage(), letter.edge(), letter.cause(),
                letter.attempts(), letter.firstAttemptEpochNanos(), letter.lastAttemptEpochNanos(), letter.reason(),
                maxPayload);
            final int length = null == message ? 0 :
                codec.encode(message, journal.staging, payloadField + Integer.BYTES);
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
     * The codec of the payloads.
     *
     * @return the codec given to {@link #open(Path, Codec)}.
     */
    public Codec<E> codec()
    {
        return codec;
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
