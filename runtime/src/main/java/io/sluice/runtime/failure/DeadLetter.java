package io.sluice.runtime.failure;

/**
 * An object message a stage gave up on, with why, how often and when it was tried.
 * <p>
 * <b>Note:</b> mutable and reused: the runtime keeps one instance per stage and {@link #set set}s it for each dead
 * letter, so a {@link DeadLetterSink} must copy what it keeps before it returns (the message reference itself may be
 * kept, the letter may not). Not thread-safe.
 *
 * @param <E> type of the message.
 */
public final class DeadLetter<E>
{
    private String stage;
    private String edge;
    private E message;
    private Throwable cause;
    private int attempts;
    private long firstAttemptEpochNanos;
    private long lastAttemptEpochNanos;
    private DeadLetterReason reason;

    /**
     * Create an empty letter, as after {@link #reset()}.
     */
    public DeadLetter()
    {
    }

    /**
     * Fill the letter. Does not allocate.
     *
     * @param stage                  name of the stage that gave up.
     * @param edge                   name of the inbound edge the message came from; "" if it came from none.
     * @param message                the message.
     * @param cause                  of the last failure; null for {@link DeadLetterReason#BREAKER_OPEN}.
     * @param attempts               calls of the handler made for this message; 0 if it was never tried.
     * @param firstAttemptEpochNanos time of the first attempt, nanoseconds since the epoch; 0 if never tried.
     * @param lastAttemptEpochNanos  time of the last attempt, nanoseconds since the epoch; 0 if never tried.
     * @param reason                 why the message is a dead letter.
     * @return this.
     */
    public DeadLetter<E> set(
        final String stage,
        final String edge,
        final E message,
        final Throwable cause,
        final int attempts,
        final long firstAttemptEpochNanos,
        final long lastAttemptEpochNanos,
        final DeadLetterReason reason)
    {
        this.stage = stage;
        this.edge = edge;
        this.message = message;
        this.cause = cause;
        this.attempts = attempts;
        this.firstAttemptEpochNanos = firstAttemptEpochNanos;
        this.lastAttemptEpochNanos = lastAttemptEpochNanos;
        this.reason = reason;
        return this;
    }

    /**
     * Clear every field so that the letter holds no reference to the message or the cause.
     *
     * @return this.
     */
    public DeadLetter<E> reset()
    {
        return set(null, null, null, null, 0, 0, 0, null);
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
     * The message.
     *
     * @return the message.
     */
    public E message()
    {
        return message;
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
        return "DeadLetter{stage=" + stage + ", edge=" + edge + ", reason=" + reason + ", attempts=" + attempts +
            ", firstAttemptEpochNanos=" + firstAttemptEpochNanos + ", lastAttemptEpochNanos=" + lastAttemptEpochNanos +
            ", cause=" + cause + ", message=" + message + "}";
    }
}
