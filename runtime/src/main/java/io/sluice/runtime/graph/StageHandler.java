package io.sluice.runtime.graph;

/**
 * An object stage: receives each inbound message and emits zero or more messages to its outbox.
 *
 * @param <I> type of the messages received.
 * @param <O> type of the messages emitted.
 */
@FunctionalInterface
public interface StageHandler<I, O>
{
    /**
     * Handle one message. A throw fails this attempt: the stage retries the message by its retry policy and, after
     * the last attempt, hands it to its dead-letter sink. Emits made before the throw stand, so a retried message
     * may emit twice: at-least-once, which a dedup window downstream turns into acting once.
     *
     * @param message the message, in edge order.
     * @param outbox  where to emit.
     * @throws Exception to fail the attempt.
     */
    void onMessage(I message, Outbox<O> outbox) throws Exception;
}
