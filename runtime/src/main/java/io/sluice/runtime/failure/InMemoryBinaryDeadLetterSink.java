package io.sluice.runtime.failure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A bounded in-memory {@link BinaryDeadLetterSink} for tests, examples and small deployments: copies each dead
 * letter, its bytes into a new {@code byte[]}, into an immutable {@link Entry} up to a capacity, and counts the
 * letters beyond it in {@link #overflowed()}.
 * <p>
 * <b>Note:</b> thread-safe (every method synchronizes on the sink); a dead letter is a cold path.
 */
public final class InMemoryBinaryDeadLetterSink implements BinaryDeadLetterSink
{
    private final int capacity;
    private final ArrayList<Entry> letters = new ArrayList<>();
    private long overflowed;

    /**
     * Create an empty sink.
     *
     * @param capacity letters kept at most, 0..{@link Integer#MAX_VALUE}.
     * @throws IllegalArgumentException naming the setting, the value and the allowed range.
     */
    public InMemoryBinaryDeadLetterSink(final int capacity)
    {
        if (capacity < 0)
        {
            throw new IllegalArgumentException(
                "binary dead-letter sink: capacity=" + capacity + " is not allowed; allowed 0.." + Integer.MAX_VALUE);
        }
        this.capacity = capacity;
    }

    /**
     * Copy the letter and its bytes into a new {@link Entry}, or count it as overflowed if the sink is full.
     *
     * @param letter valid only during the call, with its bytes.
     */
    @Override
    public synchronized void onDeadLetter(final BinaryDeadLetter letter)
    {
        if (letters.size() < capacity)
        {
            // the entry's constructor copies again; a cold path, and it keeps Entry immutable for every caller
            final byte[] bytes = new byte[letter.length()];
            if (bytes.length > 0)
            {
                letter.buffer().getBytes(letter.offset(), bytes);
            }
            letters.add(new Entry(letter.stage(), letter.edge(), letter.typeId(), bytes, letter.cause(),
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
    public synchronized List<Entry> letters()
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
     * An immutable copy of one {@link BinaryDeadLetter}, its bytes included. The constructor and {@link #bytes()}
     * copy the array; equality compares the bytes.
     *
     * @param stage                  name of the stage that gave up.
     * @param edge                   name of the inbound edge the message came from; "" if none.
     * @param typeId                 the message's type id.
     * @param bytes                  the message's bytes.
     * @param cause                  of the last failure; null for {@link DeadLetterReason#BREAKER_OPEN}.
     * @param attempts               calls of the handler made for the message.
     * @param firstAttemptEpochNanos time of the first attempt, nanoseconds since the epoch.
     * @param lastAttemptEpochNanos  time of the last attempt, nanoseconds since the epoch.
     * @param reason                 why the message is a dead letter.
     */
    public record Entry(
        String stage,
        String edge,
        int typeId,
        byte[] bytes,
        Throwable cause,
        int attempts,
        long firstAttemptEpochNanos,
        long lastAttemptEpochNanos,
        DeadLetterReason reason)
    {
        /**
         * Create an entry with a copy of the bytes.
         *
         * @param stage                  name of the stage that gave up.
         * @param edge                   name of the inbound edge the message came from; "" if none.
         * @param typeId                 the message's type id.
         * @param bytes                  the message's bytes, not null, copied.
         * @param cause                  of the last failure; null for {@link DeadLetterReason#BREAKER_OPEN}.
         * @param attempts               calls of the handler made for the message.
         * @param firstAttemptEpochNanos time of the first attempt, nanoseconds since the epoch.
         * @param lastAttemptEpochNanos  time of the last attempt, nanoseconds since the epoch.
         * @param reason                 why the message is a dead letter.
         */
        public Entry
        {
            bytes = Objects.requireNonNull(bytes, "bytes").clone();
        }

        /**
         * A copy of the message's bytes.
         *
         * @return a new array.
         */
        @Override
        public byte[] bytes()
        {
            return bytes.clone();
        }

        /**
         * Length of the message.
         *
         * @return bytes.
         */
        public int length()
        {
            return bytes.length;
        }

        /**
         * {@inheritDoc}
         */
        @Override
        public boolean equals(final Object o)
        {
            if (this == o)
            {
                return true;
            }
            if (!(o instanceof Entry))
            {
                return false;
            }
            final Entry that = (Entry)o;
            return typeId == that.typeId && attempts == that.attempts &&
                firstAttemptEpochNanos == that.firstAttemptEpochNanos &&
                lastAttemptEpochNanos == that.lastAttemptEpochNanos && Objects.equals(stage, that.stage) &&
                Objects.equals(edge, that.edge) &&
                Arrays.equals(bytes, that.bytes) && Objects.equals(cause, that.cause) &&
                reason == that.reason;
        }

        /**
         * {@inheritDoc}
         */
        @Override
        public int hashCode()
        {
            int result = Objects.hash(stage, edge, typeId, cause, attempts, firstAttemptEpochNanos,
                lastAttemptEpochNanos, reason);
            result = 31 * result + Arrays.hashCode(bytes);
            return result;
        }

        /**
         * {@inheritDoc}
         */
        @Override
        public String toString()
        {
            return "Entry{stage=" + stage + ", edge=" + edge + ", reason=" + reason + ", typeId=" + typeId +
                ", length=" + bytes.length + ", attempts=" + attempts +
                ", firstAttemptEpochNanos=" + firstAttemptEpochNanos +
                ", lastAttemptEpochNanos=" + lastAttemptEpochNanos + ", cause=" + cause + "}";
        }
    }
}
