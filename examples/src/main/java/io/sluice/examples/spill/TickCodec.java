package io.sluice.examples.spill;

import io.sluice.persistence.codec.RecyclingCodec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The worked codec example: a fixed 36-byte little-endian layout for {@link Tick}, encoded field by field into the
 * store's buffer and decoded into recycled instances, so that spilling and draining back allocate nothing.
 * <pre>
 *   0  sequence        int64
 *   8  timestampNanos  int64
 *  16  instrumentId    int32
 *  20  priceMantissa   int64
 *  28  quantity        int64
 * </pre>
 * The consumer must be done with a decoded tick (or copy it) before {@code poolSize} more are decoded; see
 * {@link RecyclingCodec}. Change {@link #name()} whenever the layout changes: a store refuses data written by a
 * codec of another name.
 */
public final class TickCodec extends RecyclingCodec<Tick>
{
    /** Encoded length of every tick. */
    public static final int LENGTH = 36;

    /**
     * A codec with its own ring of ticks.
     *
     * @param poolSize ticks in the ring, a power of two: more than the consumer holds at once.
     */
    public TickCodec(final int poolSize)
    {
        super(poolSize, Tick::new);
    }

    @Override
    public String name()
    {
        return "example-tick/1";
    }

    @Override
    public int maxEncodedLength(final Tick tick)
    {
        return LENGTH;
    }

    @Override
    public int encode(final Tick tick, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset, tick.sequence);
        buffer.putLong(offset + 8, tick.timestampNanos);
        buffer.putInt(offset + 16, tick.instrumentId);
        buffer.putLong(offset + 20, tick.priceMantissa);
        buffer.putLong(offset + 28, tick.quantity);
        return LENGTH;
    }

    @Override
    protected void decodeInto(final Tick into, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != LENGTH)
        {
            throw new IllegalArgumentException(
                "codec example-tick/1: message length=" + length + " is not allowed; allowed " + LENGTH);
        }
        into.sequence = buffer.getLong(offset);
        into.timestampNanos = buffer.getLong(offset + 8);
        into.instrumentId = buffer.getInt(offset + 16);
        into.priceMantissa = buffer.getLong(offset + 20);
        into.quantity = buffer.getLong(offset + 28);
    }
}
