package io.sluice.runtime.graph;

import org.agrona.DirectBuffer;

/**
 * Reads a {@code long} from a binary message: its partition key for routing, or its id for a dedup window.
 */
@FunctionalInterface
public interface BinaryKeyFunction
{
    /**
     * The key of one message.
     *
     * @param typeId type of the message.
     * @param buffer holding the message.
     * @param offset of the message in the buffer.
     * @param length of the message in bytes.
     * @return the key.
     */
    long key(int typeId, DirectBuffer buffer, int offset, int length);
}
