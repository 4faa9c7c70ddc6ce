package io.sluice.queues.overflow;

import io.sluice.queues.channel.Channel;
import org.agrona.DirectBuffer;

/**
 * Where a binary channel with the {@link OverflowPolicy#SHED} policy sends a message it cannot take. The bytes are
 * only valid during the call: copy what must be kept.
 * <p>
 * <b>Note:</b> called on the producer's thread, and for a multi-producer channel from several producer threads at
 * once: an implementation shared by such a channel must be thread-safe.
 */
@FunctionalInterface
public interface BinaryOverflowSink
{
    /**
     * Take a copy of a message the channel could not accept.
     *
     * @param channel the channel that shed the message.
     * @param typeId  the message's type id.
     * @param buffer  holding the message.
     * @param offset  at which the message starts in the buffer.
     * @param length  of the message in bytes.
     * @return true if the sink took the message ({@code SHED}), false if it could not ({@code REJECTED}).
     */
    boolean onOverflow(Channel channel, int typeId, DirectBuffer buffer, int offset, int length);
}
