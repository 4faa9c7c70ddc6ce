package io.sluice.queues.channel;

/**
 * Return codes of {@code offer}, {@code tryOffer}, {@code claim} and {@code commit}.
 * <p>
 * A positive code means the channel took the message: it will be delivered ({@link #ACCEPTED},
 * {@link #ACCEPTED_DROPPED_OLDEST}, {@link #SPILLED}) or was handed to the overflow sink ({@link #SHED}). A negative
 * code means it will not be delivered: it was dropped and counted ({@link #DROPPED_NEWEST}), or the caller still holds
 * it and may try again ({@link #BACK_PRESSURED}, {@link #REJECTED}, {@link #TIMED_OUT}, {@link #CLOSED}).
 *
 * <table>
 *     <caption>codes, the policy that returns them, and the counter they move</caption>
 *     <tr><th>code</th><th>returned by</th><th>counter</th></tr>
 *     <tr><td>ACCEPTED</td><td>any policy, while writable and in credit</td><td>accepted</td></tr>
 *     <tr><td>ACCEPTED_DROPPED_OLDEST</td><td>DROP_OLDEST while unwritable</td><td>accepted, droppedOldest</td></tr>
 *     <tr><td>SPILLED</td><td>SPILL while unwritable or while older messages are spilled</td><td>spilled</td></tr>
 *     <tr><td>SHED</td><td>SHED while unwritable</td><td>shed</td></tr>
 *     <tr><td>BACK_PRESSURED</td><td>tryOffer / tryClaim (no policy) while unwritable</td><td>backPressured
 *     (not part of offered)</td></tr>
 *     <tr><td>DROPPED_NEWEST</td><td>DROP_NEWEST while unwritable; DROP_OLDEST with nothing queued to drop</td>
 *     <td>droppedNewest</td></tr>
 *     <tr><td>REJECTED</td><td>FAIL_FAST while unwritable; SHED or SPILL when the sink or store refuses</td>
 *     <td>rejected</td></tr>
 *     <tr><td>TIMED_OUT</td><td>BLOCK when the deadline passes</td><td>timedOut</td></tr>
 *     <tr><td>CLOSED</td><td>any, after close</td><td>none (not part of offered)</td></tr>
 * </table>
 */
public final class OfferResult
{
    /**
     * The message is queued in memory for the consumer.
     */
    public static final int ACCEPTED = 1;

    /**
     * The message is queued in memory and the oldest queued message was dropped (counted, never delivered).
     */
    public static final int ACCEPTED_DROPPED_OLDEST = 2;

    /**
     * The message was appended to the channel's spill store and will be delivered in order.
     */
    public static final int SPILLED = 3;

    /**
     * The message was handed to the channel's overflow sink.
     */
    public static final int SHED = 4;

    /**
     * The channel cannot take the message now (no policy applied); the caller keeps it and may try again.
     */
    public static final int BACK_PRESSURED = -1;

    /**
     * The channel is unwritable and dropped the new message (counted).
     */
    public static final int DROPPED_NEWEST = -2;

    /**
     * The channel is unwritable and its policy fails fast, or the overflow sink or spill store refused the message;
     * the caller keeps it.
     */
    public static final int REJECTED = -3;

    /**
     * The channel stayed unwritable until the blocking deadline passed; the caller keeps the message.
     */
    public static final int TIMED_OUT = -4;

    /**
     * The channel is closed; the caller keeps the message.
     */
    public static final int CLOSED = -5;

    private OfferResult()
    {
    }

    /**
     * Whether a code means the channel took the message (queued, spilled or shed).
     *
     * @param result a code returned by an offer.
     * @return true for a positive code.
     */
    public static boolean isTaken(final int result)
    {
        return result > 0;
    }

    /**
     * Whether a code means the message is on its way to the consumer (queued or spilled).
     *
     * @param result a code returned by an offer.
     * @return true for {@link #ACCEPTED}, {@link #ACCEPTED_DROPPED_OLDEST} and {@link #SPILLED}.
     */
    public static boolean isOnItsWay(final int result)
    {
        return result == ACCEPTED || result == ACCEPTED_DROPPED_OLDEST || result == SPILLED;
    }

    /**
     * The name of a code, for logs and tests.
     *
     * @param result a code returned by an offer.
     * @return its constant's name, or {@code UNKNOWN(n)}.
     */
    public static String toString(final int result)
    {
        switch (result)
        {
            case ACCEPTED:
                return "ACCEPTED";
            case ACCEPTED_DROPPED_OLDEST:
                return "ACCEPTED_DROPPED_OLDEST";
            case SPILLED:
                return "SPILLED";
            case SHED:
                return "SHED";
            case BACK_PRESSURED:
                return "BACK_PRESSURED";
            case DROPPED_NEWEST:
                return "DROPPED_NEWEST";
            case REJECTED:
                return "REJECTED";
            case TIMED_OUT:
                return "TIMED_OUT";
            case CLOSED:
                return "CLOSED";
            default:
                return "UNKNOWN(" + result + ")";
        }
    }
}
