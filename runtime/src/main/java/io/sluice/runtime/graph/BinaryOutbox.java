package io.sluice.runtime.graph;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Where a binary stage or source puts what it emits. The same holding rules as {@link Outbox}: an emit that does
 * not fit a {@code BLOCK} edge is copied into the outbox and sent later, in order.
 * <p>
 * Zero copy: {@link #claim(int, int, int)} gives space in the edge's ring buffer itself when the edge has room and
 * nothing is held; otherwise (or when a claim must reach several edges) the space is in the outbox's scratch
 * buffer and {@link #commit()} copies it on.
 */
public interface BinaryOutbox
{
    /**
     * Copy a message to the outbound edges: every edge if the stage broadcasts, else the one its partition function
     * picks.
     *
     * @param typeId type of the message, at least 1.
     * @param buffer holding the message.
     * @param offset of the message in the buffer.
     * @param length of the message in bytes.
     * @return {@code ACCEPTED} if every edge took or the outbox holds it, else the first other code.
     */
    int emit(int typeId, DirectBuffer buffer, int offset, int length);

    /**
     * Copy a message to one outbound edge.
     *
     * @param port   index of the outbound edge, in declaration order.
     * @param typeId type of the message, at least 1.
     * @param buffer holding the message.
     * @param offset of the message in the buffer.
     * @param length of the message in bytes.
     * @return as {@link #emit(int, DirectBuffer, int, int)}.
     */
    int emit(int port, int typeId, DirectBuffer buffer, int offset, int length);

    /**
     * Claim space for a message to one port (use port 0 for a stage with one outbound edge, or with broadcast,
     * where the commit reaches every edge). Write the message at {@link #claimOffset()} of
     * {@link #claimBuffer()}, then {@link #commit()} or {@link #abort()}.
     *
     * @param port   index of the outbound edge, or any for broadcast.
     * @param typeId type of the message, at least 1.
     * @param length of the message in bytes.
     * @return {@code ACCEPTED} if the claim is open, else {@code BACK_PRESSURED} (outbox full) or {@code CLOSED}.
     */
    int claim(int port, int typeId, int length);

    /**
     * Buffer of the open claim.
     *
     * @return the buffer to write into.
     */
    MutableDirectBuffer claimBuffer();

    /**
     * Offset of the open claim's first byte in {@link #claimBuffer()}.
     *
     * @return the offset.
     */
    int claimOffset();

    /**
     * Publish the open claim.
     *
     * @return as {@link #emit(int, DirectBuffer, int, int)}.
     */
    int commit();

    /**
     * Give up the open claim; nothing is sent.
     */
    void abort();

    /**
     * Number of outbound edges.
     *
     * @return the number of ports.
     */
    int ports();

    /**
     * Messages that can be emitted now without being held.
     *
     * @return room for emits now, never negative.
     */
    int room();
}
