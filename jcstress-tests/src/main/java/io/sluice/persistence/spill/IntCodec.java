package io.sluice.persistence.spill;

import io.sluice.persistence.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The tests' message ids as four bytes.
 */
final class IntCodec implements Codec<Integer>
{
    static final IntCodec INSTANCE = new IntCodec();

    private IntCodec()
    {
    }

    @Override
    public String name()
    {
        return "jcstress-int32/1";
    }

    @Override
    public int maxEncodedLength(final Integer message)
    {
        return Integer.BYTES;
    }

    @Override
    public int encode(final Integer message, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, message);
        return Integer.BYTES;
    }

    @Override
    public Integer decode(final DirectBuffer buffer, final int offset, final int length)
    {
        return length == Integer.BYTES ? buffer.getInt(offset) : -1;
    }
}
