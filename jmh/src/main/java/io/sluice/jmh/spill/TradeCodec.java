package io.sluice.jmh.spill;

import io.sluice.persistence.codec.RecyclingCodec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The zero-allocation codec of the benchmarks: {@link Trade} in its fixed layout, decoded into a ring of recycled
 * instances. Every consumer in the benchmarks handles a message before taking the next, so a small ring is enough.
 */
final class TradeCodec extends RecyclingCodec<Trade>
{
    static final int POOL_SIZE = 16;

    TradeCodec()
    {
        super(POOL_SIZE, Trade::new);
    }

    @Override
    public String name()
    {
        return "jmh-trade/1";
    }

    @Override
    public int maxEncodedLength(final Trade message)
    {
        return Trade.LENGTH;
    }

    @Override
    public int encode(final Trade message, final MutableDirectBuffer buffer, final int offset)
    {
        message.encode(buffer, offset);
        return Trade.LENGTH;
    }

    @Override
    protected void decodeInto(final Trade into, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != Trade.LENGTH)
        {
            throw new IllegalArgumentException(
                "codec jmh-trade/1: message length=" + length + " is not allowed; allowed " + Trade.LENGTH);
        }
        into.decode(buffer, offset);
    }
}
