package io.sluice.runtime.graph;

import org.agrona.DirectBuffer;

/**
 * A binary stage: a flyweight view of each inbound message in, claims or copies out.
 */
@FunctionalInterface
public interface BinaryStageHandler
{
    /**
     * Handle one message; the buffer is valid only during the call. A throw fails the attempt as for
     * {@link StageHandler#onMessage}; the stage copies the message to retry it.
     *
     * @param typeId type of the message.
     * @param buffer holding the message.
     * @param offset of the message in the buffer.
     * @param length of the message in bytes.
     * @param outbox where to emit.
     * @throws Exception to fail the attempt.
     */
    void onMessage(int typeId, DirectBuffer buffer, int offset, int length, BinaryOutbox outbox) throws Exception;
}
