package io.sluice.persistence.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Codecs for the common cases. Strings and byte arrays are immutable, so decoding them allocates the message; for
 * allocation-free decoding of a fixed-layout record see {@link RecyclingCodec}.
 */
public final class Codecs
{
    private static final Codec<String> UTF8 = new Utf8Codec();
    private static final Codec<byte[]> BYTES = new ByteArrayCodec();
    private static final Codec<Long> LONGS = new LongCodec();

    private Codecs()
    {
    }

    /**
     * Strings as UTF-8.
     *
     * @return the shared codec, named {@code utf8-string/1}.
     */
    public static Codec<String> utf8()
    {
        return UTF8;
    }

    /**
     * Byte arrays as they are.
     *
     * @return the shared codec, named {@code byte-array/1}.
     */
    public static Codec<byte[]> byteArrays()
    {
        return BYTES;
    }

    /**
     * Longs as eight little-endian bytes. Decoding boxes, which allocates outside the small-value cache.
     *
     * @return the shared codec, named {@code int64-le/1}.
     */
    public static Codec<Long> longs()
    {
        return LONGS;
    }

    static final class Utf8Codec implements Codec<String>
    {
        @Override
        public String name()
        {
            return "utf8-string/1";
        }

        @Override
        public int maxEncodedLength(final String message)
        {
            // at most three bytes per UTF-16 unit (a surrogate pair takes two units and four bytes)
            return message.length() * 3;
        }

        @Override
        public int encode(final String message, final MutableDirectBuffer buffer, final int offset)
        {
            return buffer.putStringWithoutLengthUtf8(offset, message);
        }

        @Override
        public String decode(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static final class ByteArrayCodec implements Codec<byte[]>
    {
        @Override
        public String name()
        {
            return "byte-array/1";
        }

        @Override
        public int maxEncodedLength(final byte[] message)
        {
            return message.length;
        }

        @Override
        public int encode(final byte[] message, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putBytes(offset, message);
            return message.length;
        }

        @Override
        public byte[] decode(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            return bytes;
        }
    }

    static final class LongCodec implements Codec<Long>
    {
        @Override
        public String name()
        {
            return "int64-le/1";
        }

        @Override
        public int maxEncodedLength(final Long message)
        {
            return Long.BYTES;
        }

        @Override
        public int encode(final Long message, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putLong(offset, message);
            return Long.BYTES;
        }

        @Override
        public Long decode(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length != Long.BYTES)
            {
                throw new IllegalArgumentException(
                    "codec int64-le/1: message length=" + length + " is not allowed; allowed 8");
            }
            return buffer.getLong(offset);
        }
    }
}
