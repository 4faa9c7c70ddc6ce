package io.sluice.persistence.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns an object message into bytes for a store and back.
 * <p>
 * Encoding writes into a buffer the store owns and reuses, so a codec that writes fields (a fixed-layout record, a
 * primitive) allocates nothing. Decoding returns the message the consumer will receive; a codec for an immutable
 * type allocates one object per message, while a codec may avoid that by filling instances it recycles (see
 * {@link RecyclingCodec}).
 * <p>
 * A store records the codec's {@link #name()} in its directory and refuses to open data written by another codec.
 *
 * @param <T> type of the messages.
 */
public interface Codec<T>
{
    /**
     * The codec's identity, recorded with the data: change it when the encoding changes.
     *
     * @return a stable, non-empty name such as {@code "utf8-string/1"}.
     */
    String name();

    /**
     * An upper bound on the encoded length of one message, so the store can make room before encoding.
     *
     * @param message to measure, never null.
     * @return a bound in bytes, at least the number {@link #encode(Object, MutableDirectBuffer, int)} will write.
     */
    int maxEncodedLength(T message);

    /**
     * Write a message.
     *
     * @param message to encode, never null.
     * @param buffer  to write into, with at least {@link #maxEncodedLength(Object)} bytes from {@code offset}.
     * @param offset  at which to start.
     * @return the number of bytes written.
     */
    int encode(T message, MutableDirectBuffer buffer, int offset);

    /**
     * Read a message written by {@link #encode(Object, MutableDirectBuffer, int)}.
     *
     * @param buffer holding the bytes, valid only during the call.
     * @param offset at which the message starts.
     * @param length of the message in bytes.
     * @return the message.
     */
    T decode(DirectBuffer buffer, int offset, int length);
}
