package io.sluice.examples.demo;

import io.sluice.persistence.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The spill store's encoding of a {@link Summary}: a fixed 36-byte record.
 */
final class SummaryCodec implements Codec<Summary>
{
    static final int LENGTH = 4 + 8 + 8 + 4 * 4;

    @Override
    public String name()
    {
        return "sluice-demo-summary/1";
    }

    @Override
    public int maxEncodedLength(final Summary message)
    {
        return LENGTH;
    }

    @Override
    public int encode(final Summary message, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, message.sensor);
        buffer.putLong(offset + 4, message.sequence);
        buffer.putLong(offset + 12, message.createdNanos);
        buffer.putInt(offset + 20, message.value);
        buffer.putInt(offset + 24, message.min);
        buffer.putInt(offset + 28, message.max);
        buffer.putInt(offset + 32, message.average);
        return LENGTH;
    }

    @Override
    public Summary decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != LENGTH)
        {
            throw new IllegalArgumentException("summary record length=" + length + " is not allowed; allowed " +
                LENGTH);
        }
        return new Summary(buffer.getInt(offset), buffer.getLong(offset + 4), buffer.getLong(offset + 12),
            buffer.getInt(offset + 20), buffer.getInt(offset + 24), buffer.getInt(offset + 28),
            buffer.getInt(offset + 32));
    }
}
