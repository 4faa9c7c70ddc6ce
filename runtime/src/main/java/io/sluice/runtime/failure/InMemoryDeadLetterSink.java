package io.sluice.runtime.failure;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded in-memory {@link DeadLetterSink} for tests, examples and small deployments: keeps an immutable
 * {@link Entry} per dead letter, copied from the reused {@link DeadLetter}, up to a capacity, and counts the letters
 * beyond it in {@link #overflowed()}. The message object is kept by reference.
 * <p>
 * <b>Note:</b> thread-safe (every method synchronizes on the sink); a dead letter is a cold path.
 *
 * @param <E> type of the messages.
 */
public final class InMemoryDeadLetterSink<E> implements DeadLetterSink<E>
{
    private final int capacity;
    private final ArrayList<Entry<E>> letters = new ArrayList<>();
    private long overflowed;

    /**
     * Create an empty sink.
     *
     * @param capacity letters kept at most, 0..{@link Integer#MAX_VALUE}.
     * @throws IllegalArgumentException naming the setting, the value and the allowed range.
     */
    public InMemoryDeadLetterSink(final int capacity)
    {
        if (capacity < 0)
        {
            throw new IllegalArgumentException(
                "dead-letter sink: capacity=" + capacity + " is not allowed; allowed 0.." + Integer.MAX_VALUE);
        }
        this.capacity = capacity;
    }

    /**
     * Copy the letter into a new {@link Entry}, or count it as overflowed if the sink is full.
     *
     * @param letter valid only during the call.
     */
    @Override
    public synchronized void onDeadLetter(final DeadLetter<? extends E> letter)
    {
        if (letters.size() < capacity)
        {
            letters.add(new Entry<>(letter.stage(), letter.edge(), letter.message(), letter.cause(),
                letter.attempts(), letter.firstAttemptEpochNanos(), letter.lastAttemptEpochNanos(), letter.reason()));
        }
        else
        {
            overflowed++;
        }
    }

    /**
     * Snapshot of the letters kept, oldest first.
     *
     * @return an immutable list.
     */
    public synchronized List<Entry<E>> letters()
    {
        return List.copyOf(letters);
    }

    /**
     * Letters kept now.
     *
     * @return 0..{@link #capacity()}.
     */
    public synchronized int size()
    {
        return letters.size();
    }

    /**
     * Letters kept at most.
     *
     * @return the capacity given to the constructor.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Letters not kept because the sink was full; never reset.
     *
     * @return letters dropped by the sink.
     */
    public synchronized long overflowed()
    {
        return overflowed;
    }

    /**
     * Drop the letters kept, making room for as many again; {@link #overflowed()} is kept.
     */
    public synchronized void clear()
    {
        letters.clear();
    }

    /**
     * An immutable copy of one {@link DeadLetter}.
     *
     * @param stage                  name of the stage that gave up.
     * @param edge                   name of the inbound edge the message came from; "" if none.
     * @param message                the message, by reference.
     * @param cause                  of the last failure; null for {@link DeadLetterReason#BREAKER_OPEN}.
     * @param attempts               calls of the handler made for the message.
     * @param firstAttemptEpochNanos time of the first attempt, nanoseconds since the epoch.
     * @param lastAttemptEpochNanos  time of the last attempt, nanoseconds since the epoch.
     * @param reason                 why the message is a dead letter.
     * @param <E>                    type of the message.
     */
    public record Entry<E>(
        String stage,
        String edge,
        E message,
        Throwable cause,
        int attempts,
        long firstAttemptEpochNanos,
        long lastAttemptEpochNanos,
        DeadLetterReason reason)
    {
    }
}
