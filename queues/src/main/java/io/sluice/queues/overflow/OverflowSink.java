package io.sluice.queues.overflow;

import io.sluice.queues.channel.Channel;

/**
 * Where an object channel with the {@link OverflowPolicy#SHED} policy sends a message it cannot take.
 * <p>
 * <b>Note:</b> called on the producer's thread, and for a multi-producer channel from several producer threads at
 * once: an implementation shared by such a channel must be thread-safe. It must not block for long: it runs inside
 * {@code offer}.
 *
 * @param <E> type of the messages.
 */
@FunctionalInterface
public interface OverflowSink<E>
{
    /**
     * Take ownership of a message the channel could not accept.
     *
     * @param channel the channel that shed the message.
     * @param message the message, never null.
     * @return true if the sink took the message ({@code offer} returns {@code SHED}), false if it could not (then
     *         {@code offer} returns {@code REJECTED} and the caller keeps the message).
     */
    boolean onOverflow(Channel channel, E message);
}
