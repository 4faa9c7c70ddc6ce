package io.sluice.queues.overflow;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;

/**
 * Where a binary channel with the {@link OverflowPolicy#SPILL} policy puts overflow, and from where its consumer
 * reads it back, under the same ordering contract as {@link SpillStore}: read order is append order (per producer
 * thread for overlapping appends), an append happens-before any read that starts after it returns, and each
 * message is read at most once.
 * <p>
 * <b>Note:</b> {@link #append(int, DirectBuffer, int, int)} is called on producer threads (several at once for a
 * multi-producer channel); {@link #read(MessageHandler, int)} only on the channel's consumer thread.
 */
public interface BinarySpillStore
{
    /**
     * Append a copy of a message at the tail of the store.
     *
     * @param typeId of the message, at least 1.
     * @param buffer holding the message.
     * @param offset at which the message starts.
     * @param length of the message in bytes.
     * @return true if stored; false if the store is full or cannot store now ({@code REJECTED}).
     */
    boolean append(int typeId, DirectBuffer buffer, int offset, int length);

    /**
     * Messages the store already held, undelivered, when the channel was built; see {@link SpillStore#recovered()}.
     *
     * @return messages pending in the store before the channel existed; 0 for a store that starts empty.
     */
    default long recovered()
    {
        return 0;
    }

    /**
     * Consumer: the channel has handed {@code count} more messages read from this store to its consumer (a message
     * read while older in-memory messages were still landing waits in the channel and is handed on later). A
     * durable store advances its acknowledged position here; after a restart it redelivers only messages not yet
     * acknowledged.
     *
     * @param count messages handed on, at least 1, in the order they were taken.
     */
    default void delivered(final int count)
    {
    }

    /**
     * Read up to {@code limit} of the oldest messages, oldest first, handing each to the handler. The bytes are only
     * valid during the handler call.
     *
     * @param handler called once per message.
     * @param limit   maximum number of messages to read.
     * @return the number of messages read.
     */
    int read(MessageHandler handler, int limit);
}
