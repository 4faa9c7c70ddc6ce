package io.sluice.queues.channel;

/**
 * The producer side of a channel of any kind, sending int values (boxed for object channels, encoded for binary
 * ones). Not thread-safe: one instance per producer thread.
 */
interface MessageProducer
{
    int offer(int value);

    int tryOffer(int value);

    /**
     * Binary kinds: claim (or tryClaim) space for the value, write it in place and commit.
     *
     * @return the claim's code if negative (no claim opened), else the commit's code.
     */
    int claimAndCommit(int value, boolean tryClaim);

    /**
     * Binary kinds: claim space for the value, then abort.
     *
     * @return the claim's code.
     */
    int claimAndAbort(int value);
}
