package io.sluice.queues.overflow;

/**
 * Where an object channel with the {@link OverflowPolicy#SPILL} policy puts overflow, and from where its consumer
 * takes it back.
 * <p>
 * The ordering contract, which the channel relies on to keep delivery order equal to offer order:
 * <ol>
 *     <li>{@link #poll()} returns messages in the order their {@link #append(Object)} calls returned true; for
 *     appends from different threads that overlap in time, in some order consistent with each thread's own
 *     order.</li>
 *     <li>A message whose append returned true is visible to the next {@link #poll()} that starts after the append
 *     returned (the append happens-before that poll).</li>
 *     <li>A message is returned by poll at most once, and every appended message is eventually returned unless the
 *     store is closed or lost.</li>
 * </ol>
 * The channel guarantees that once anything is spilled, every newer message of the same producer goes to the
 * store too until the consumer has polled everything spilled; the store needs no knowledge of the in-memory queue.
 * <p>
 * <b>Note:</b> {@link #append(Object)} is called on producer threads (several at once for a multi-producer channel);
 * {@link #poll()} only on the channel's consumer thread.
 *
 * @param <E> type of the messages.
 */
public interface SpillStore<E>
{
    /**
     * Append a message at the tail of the store.
     *
     * @param message to append, never null.
     * @return true if stored; false if the store is full or cannot store now, in which case the channel returns
     *         {@code REJECTED} and the caller keeps the message.
     */
    boolean append(E message);

    /**
     * Messages the store already held, undelivered, when the channel was built (a durable store reopened after a
     * restart). The channel reads this once, when it is built: it delivers these before anything offered to it, and
     * while any is pending, new offers go into the store behind them. Counted as {@code recovered}.
     *
     * @return messages pending in the store before the channel existed; 0 for a store that starts empty.
     */
    default long recovered()
    {
        return 0;
    }

    /**
     * Consumer: the channel has handed {@code count} more messages taken from this store to its consumer (a message
     * taken while older in-memory messages were still landing waits in the channel and is handed on later). A
     * durable store advances its acknowledged position here; after a restart it redelivers only messages not yet
     * acknowledged.
     *
     * @param count messages handed on, at least 1, in the order they were taken.
     */
    default void delivered(final int count)
    {
    }

    /**
     * Take the oldest message from the store.
     *
     * @return the oldest message, or null if none is readable now.
     */
    E poll();
}
