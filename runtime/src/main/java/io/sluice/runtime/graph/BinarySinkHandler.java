package io.sluice.runtime.graph;

import org.agrona.DirectBuffer;

/**
 * A binary sink: a stage with no outbound edge.
 */
@FunctionalInterface
public interface BinarySinkHandler
{
    /**
     * Handle one message; the buffer is valid only during the call.
     *
     * @param typeId type of the message.
     * @param buffer holding the message.
     * @param offset of the message in the buffer.
     * @param length of the message in bytes.
     * @throws Exception to fail the attempt.
     */
    void onMessage(int typeId, DirectBuffer buffer, int offset, int length) throws Exception;
}
