package io.sluice.persistence.spill;

import net.openhft.chronicle.bytes.Bytes;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An Agrona view of the document a Chronicle reader is on: over the mapped file where the bytes are in direct
 * memory (no copy), else over a copy in a reused array. Valid until the document is closed.
 * <p>
 * <b>Note:</b> not thread-safe; one per reader.
 */
final class RecordView
{
    private final UnsafeBuffer direct = new UnsafeBuffer(0, 0);
    private UnsafeBuffer copy = new UnsafeBuffer(new byte[256]);

    UnsafeBuffer wrap(final Bytes<?> bytes, final int length)
    {
        final long position = bytes.readPosition();
        if (bytes.isDirectMemory())
        {
            direct.wrap(bytes.addressForRead(position), length);
            return direct;
        }
        if (copy.capacity() < length)
        {
            copy = new UnsafeBuffer(new byte[Math.max(length, copy.capacity() * 2)]);
        }
        for (int i = 0; i < length; i++)
        {
            copy.putByte(i, bytes.readByte(position + i));
        }
        return copy;
    }
}
