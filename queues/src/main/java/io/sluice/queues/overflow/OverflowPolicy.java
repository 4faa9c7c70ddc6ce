package io.sluice.queues.overflow;

/**
 * What {@code offer} does with a message while its channel is unwritable (at or above its high water mark and not
 * yet back to its low water mark) or its producer has no credit. Every outcome other than acceptance is counted.
 */
public enum OverflowPolicy
{
    /**
     * Wait with an idle strategy until the channel accepts, up to a deadline, then return {@code TIMED_OUT}. For
     * producer threads outside a duty cycle; a stage inside a graph never blocks its thread.
     */
    BLOCK,

    /**
     * Refuse the new message and count it as dropped ({@code DROPPED_NEWEST}).
     */
    DROP_NEWEST,

    /**
     * Accept the new message and drop the oldest queued one, counting it; a message counted as dropped is never
     * delivered ({@code ACCEPTED_DROPPED_OLDEST}).
     */
    DROP_OLDEST,

    /**
     * Return {@code REJECTED} at once; the caller keeps the message.
     */
    FAIL_FAST,

    /**
     * Hand the message to the channel's overflow sink ({@code SHED}), for example a dead-letter queue.
     */
    SHED,

    /**
     * Append the message to the channel's spill store ({@code SPILLED}); once anything is spilled, newer messages
     * queue behind it in the store until the consumer has drained it, so delivery order stays offer order.
     */
    SPILL
}
