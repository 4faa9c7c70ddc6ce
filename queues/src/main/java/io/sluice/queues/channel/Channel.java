package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;

/**
 * What every channel has, whatever it carries: a name, a kind, bounds, credits, writability, close and counters.
 * The carrying methods are on {@link ObjectChannel} and {@link BinaryChannel}.
 * <p>
 * <b>Note:</b> methods are marked with the side that may call them. <i>Producer</i> methods are for the producer
 * thread (any producer thread of an MPSC kind), <i>consumer</i> methods for the one consumer thread, <i>any</i>
 * methods for any thread, without locks.
 */
public interface Channel extends AutoCloseable
{
    /**
     * Name given at build time (any thread).
     *
     * @return the channel's name.
     */
    String name();

    /**
     * Kind given at build time (any thread).
     *
     * @return the channel's kind.
     */
    ChannelKind kind();

    /**
     * Overflow policy given at build time (any thread).
     *
     * @return the channel's policy.
     */
    OverflowPolicy policy();

    /**
     * What an offer becomes under {@link OverflowPolicy#SPILL} when the spill store refuses it (any thread).
     *
     * @return {@link OverflowPolicy#FAIL_FAST} (the offer returns {@code REJECTED}, the caller keeps the message) or
     *         {@link OverflowPolicy#DROP_NEWEST}; {@code FAIL_FAST} for every other policy, where it has no effect.
     */
    OverflowPolicy spillFallback();

    /**
     * Maximum number of messages the channel holds in memory (any thread).
     *
     * @return the capacity in messages.
     */
    int capacity();

    /**
     * Depth at which the channel turns unwritable (any thread).
     *
     * @return the high water mark in messages.
     */
    int highWaterMark();

    /**
     * Depth at or below which an unwritable channel turns writable again (any thread).
     *
     * @return the low water mark in messages.
     */
    int lowWaterMark();

    /**
     * How credits are granted (any thread).
     *
     * @return the credit mode.
     */
    CreditMode creditMode();

    /**
     * Producer: whether an offer would be accepted now without applying the overflow policy. Re-reads the
     * consumer's progress and credit, applies the water-mark hysteresis and tells the writability listener of a
     * change, on this thread.
     *
     * @return true if writable and in credit.
     */
    boolean isWritable();

    /**
     * Producer: how many messages offers would accept now without applying the overflow policy: zero while the
     * channel is unwritable, out of credit, spilling or closed, else the smaller of the credits left and the room
     * below the high water mark. Like {@link #isWritable()} it applies the hysteresis. With many producers the room
     * is shared, so it is an upper bound for each of them. A stage takes no more input than its outbound channels'
     * room: that is how backpressure propagates.
     *
     * @return messages acceptable now, never negative.
     */
    long room();

    /**
     * Producer: the listener told of writability changes, replacing any earlier one.
     *
     * @param listener to call, or null for none.
     */
    void writabilityListener(WritabilityListener listener);

    /**
     * Credits the producer may still spend (any thread, lock-free, a snapshot).
     *
     * @return credits granted and not yet spent, never negative.
     */
    long credits();

    /**
     * Consumer: grant {@code n} more credits ({@link CreditMode#MANUAL} only). Safe from any thread, but meant for the
     * consumer, which ties its grants to the room it has downstream. Grants saturate at {@link #MAX_CREDIT_LIMIT}.
     *
     * @param n number of credits, at least 1.
     * @throws IllegalArgumentException if n is not positive.
     * @throws IllegalStateException    if the channel's credit mode is {@link CreditMode#AUTO}.
     */
    void request(long n);

    /**
     * Messages in memory not yet delivered (any thread, a snapshot; spilled messages are not counted).
     *
     * @return the in-memory depth.
     */
    long depth();

    /**
     * Producer: close the channel. Offers from now on return {@link OfferResult#CLOSED}; the consumer drains what was
     * accepted and then sees end of stream. Idempotent.
     */
    @Override
    void close();

    /**
     * Whether the channel has been closed (any thread).
     *
     * @return true once {@link #close()} has been called.
     */
    boolean isClosed();

    /**
     * Consumer: whether the channel is closed and every accepted and spilled message has been delivered.
     *
     * @return true at end of stream.
     */
    boolean isEndOfStream();

    /**
     * Copy the channel's counters into a reusable snapshot (any thread, no allocation). Each counter is read once,
     * without a lock, so a snapshot taken while messages move may be a moment inconsistent; at a quiescent point it
     * is exact and the conservation identity {@link ChannelCounters#isConserved()} holds.
     *
     * @param into the snapshot to fill.
     * @return {@code into}.
     */
    ChannelCounters counters(ChannelCounters into);

    /**
     * Upper bound of a credit grant: {@link #request(long)} saturates here.
     */
    long MAX_CREDIT_LIMIT = 1L << 58;
}
