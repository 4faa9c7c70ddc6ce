package io.sluice.jmh.spill;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The benchmark message: a small mutable record of fixed layout, {@value #LENGTH} bytes when encoded (sequence,
 * price, a 16-byte tag), so that a codec can encode and decode it without allocating.
 */
public final class Trade
{
    /** Encoded length in bytes. */
    public static final int LENGTH = Long.BYTES + Long.BYTES + Trade.TAG_LENGTH;
    /** Length of the tag in bytes. */
    public static final int TAG_LENGTH = 16;

    static final int SEQ_OFFSET = 0;
    static final int PRICE_OFFSET = SEQ_OFFSET + Long.BYTES;
    static final int TAG_OFFSET = PRICE_OFFSET + Long.BYTES;

    long seq;
    long price;
    final byte[] tag = new byte[TAG_LENGTH];

    Trade()
    {
    }

    Trade(final long seq)
    {
        this.seq = seq;
        this.price = 100_000L + seq;
        for (int i = 0; i < TAG_LENGTH; i++)
        {
            tag[i] = (byte)('A' + i);
        }
    }

    void encode(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset + SEQ_OFFSET, seq);
        buffer.putLong(offset + PRICE_OFFSET, price);
        buffer.putBytes(offset + TAG_OFFSET, tag);
    }

    void decode(final DirectBuffer buffer, final int offset)
    {
        seq = buffer.getLong(offset + SEQ_OFFSET);
        price = buffer.getLong(offset + PRICE_OFFSET);
        buffer.getBytes(offset + TAG_OFFSET, tag);
    }

    /**
     * Set the fields for the next message, as a producer would before sending it.
     *
     * @param seq the message's sequence number.
     */
    void next(final long seq)
    {
        this.seq = seq;
        this.price = 100_000L + seq;
    }
}
