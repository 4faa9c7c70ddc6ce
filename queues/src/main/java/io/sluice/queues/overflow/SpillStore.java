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
     * Take the oldest message from the store.
     *
     * @return the oldest message, or null if none is readable now.
     */
    E poll();
}
