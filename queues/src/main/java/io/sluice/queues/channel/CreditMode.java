package io.sluice.queues.channel;

/**
 * How a channel's consumer grants credits (request-n) to its producer. The producer spends one credit per message
 * and sends nothing without one; a producer without credit is backpressured exactly as by an unwritable channel.
 */
public enum CreditMode
{
    /**
     * The consumer replenishes credits as it drains, in batches: every {@code creditBatch} messages delivered it
     * tops the grant back up to {@code creditWindow} messages beyond what it has delivered.
     */
    AUTO,

    /**
     * The consumer grants credits itself with {@link Channel#request(long)}, for example in step with the room in
     * its own downstream channels. The channel starts with {@code initialCredits}.
     */
    MANUAL
}
