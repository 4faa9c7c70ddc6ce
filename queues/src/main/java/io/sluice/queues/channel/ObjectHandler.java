package io.sluice.queues.channel;

/**
 * Receives object messages drained from a channel, on the consumer's thread.
 *
 * @param <E> type of the messages.
 */
@FunctionalInterface
public interface ObjectHandler<E>
{
    /**
     * One message, in delivery order.
     *
     * @param message never null.
     */
    void onMessage(E message);
}
