package io.sluice.runtime.failure;

import org.agrona.DirectBuffer;

/**
 * A binary message a stage gave up on, with why, how often and when it was tried: a flyweight over the message's
 * bytes {@code [offset, offset + length)} in {@link #buffer()}.
 * <p>
 * <b>Note:</b> mutable and reused: the runtime keeps one instance per stage and {@link #set set}s it for each dead
 * letter, and the bytes belong to the channel, so a {@link BinaryDeadLetterSink} must copy what it keeps (bytes
 * included) before it returns. Not thread-safe.
 */
public final class BinaryDeadLetter
{
    private String stage;
    private String edge;
    private int typeId;
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private Throwable cause;
    private int attempts;
    private long firstAttemptEpochNanos;
    private long lastAttemptEpochNanos;
    private DeadLetterReason reason;

    /**
     * Create an empty letter, as after {@link #reset()}.
     */
    public BinaryDeadLetter()
    {
    }

    /**
     * Fill the letter. Does not allocate or copy.
     *
     * @param stage                  name of the stage that gave up.
     * @param edge                   name of the inbound edge the message came from; "" if it came from none.
     * @param typeId                 the message's type id.
     * @param buffer                 holding the message.
     * @param offset                 at which the message starts in the buffer.
     * @param length                 of the message in bytes.
     * @param cause                  of the last failure; null for {@link DeadLetterReason#BREAKER_OPEN}.
     * @param attempts               calls of the handler made for this message; 0 if it was never tried.
     * @param firstAttemptEpochNanos time of the first attempt, nanoseconds since the epoch; 0 if never tried.
     * @param lastAttemptEpochNanos  time of the last attempt, nanoseconds since the epoch; 0 if never tried.
     * @param reason                 why the message is a dead letter.
     * @return this.
     */
    public BinaryDeadLetter set(
        final String stage,
        final String edge,
        final int typeId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Throwable cause,
        final int attempts,
        final long firstAttemptEpochNanos,
        final long lastAttemptEpochNanos,
        final DeadLetterReason reason)
    {
        this.stage = stage;
        this.edge = edge;
        this.typeId = typeId;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.cause = cause;
        this.attempts = attempts;
        this.firstAttemptEpochNanos = firstAttemptEpochNanos;
        this.lastAttemptEpochNanos = lastAttemptEpochNanos;
        this.reason = reason;
        return this;
    }

    /**
     * Clear every field so that the letter holds no reference to the buffer or the cause.
     *
     * @return this.
     */
    public BinaryDeadLetter reset()
    {
        return set(null, null, 0, null, 0, 0, null, 0, 0, 0, null);
    }

    /**
     * Name of the stage that gave up.
     *
     * @return the stage name.
     */
    public String stage()
    {
        return stage;
    }

    /**
     * Name of the inbound edge the message came from.
     *
     * @return the edge name, "" if the message came from no edge.
     */
    public String edge()
    {
        return edge;
    }

    /**
     * The message's type id.
     *
     * @return the type id.
     */
    public int typeId()
    {
        return typeId;
    }

    /**
     * Buffer holding the message; valid only during {@link BinaryDeadLetterSink#onDeadLetter(BinaryDeadLetter)}.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Offset at which the message starts in {@link #buffer()}.
     *
     * @return the offset.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * Length of the message.
     *
     * @return bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * Cause of the last failure.
     *
     * @return the cause, or null for {@link DeadLetterReason#BREAKER_OPEN}.
     */
    public Throwable cause()
    {
        return cause;
    }

    /**
     * Calls of the handler made for this message.
     *
     * @return attempts, 0 if it was never tried.
     */
    public int attempts()
    {
        return attempts;
    }

    /**
     * Time of the first attempt.
     *
     * @return nanoseconds since the epoch, 0 if never tried.
     */
    public long firstAttemptEpochNanos()
    {
        return firstAttemptEpochNanos;
    }

    /**
     * Time of the last attempt.
     *
     * @return nanoseconds since the epoch, 0 if never tried.
     */
    public long lastAttemptEpochNanos()
    {
        return lastAttemptEpochNanos;
    }

    /**
     * Why the message is a dead letter.
     *
     * @return the reason.
     */
    public DeadLetterReason reason()
    {
        return reason;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "BinaryDeadLetter{stage=" + stage + ", edge=" + edge + ", reason=" + reason + ", typeId=" + typeId +
            ", offset=" + offset + ", length=" + length + ", attempts=" + attempts +
            ", firstAttemptEpochNanos=" + firstAttemptEpochNanos +
            ", lastAttemptEpochNanos=" + lastAttemptEpochNanos + ", cause=" + cause + "}";
    }
}
