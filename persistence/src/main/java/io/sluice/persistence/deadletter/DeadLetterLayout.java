package io.sluice.persistence.deadletter;

import org.agrona.MutableDirectBuffer;

/**
 * The layout of one dead-letter record, the body of one Chronicle excerpt (little-endian):
 * <pre>
 *   0  int   MAGIC (format of this record)
 *   4  int   type id (binary stores; 0 in object stores)
 *   8  long  sequence, 0, 1, 2, ... in append order within the store
 *  16  int   attempts
 *  20  int   reason ordinal ({@link io.sluice.runtime.failure.DeadLetterReason})
 *  24  long  first failure, nanoseconds since the epoch
 *  32  long  last failure, nanoseconds since the epoch
 *  40  then five length-prefixed fields, each an int length (-1 for null) and that many bytes:
 *      stage (UTF-8), edge (UTF-8), cause class (UTF-8), cause message (UTF-8), payload (bytes)
 * </pre>
 */
final class DeadLetterLayout
{
    static final int MAGIC = 0x01444C53; // "SLD" and format 1
    static final int MAGIC_OFFSET = 0;
    static final int TYPE_ID_OFFSET = 4;
    static final int SEQUENCE_OFFSET = 8;
    static final int ATTEMPTS_OFFSET = 16;
    static final int REASON_OFFSET = 20;
    static final int FIRST_FAILURE_OFFSET = 24;
    static final int LAST_FAILURE_OFFSET = 32;
    static final int VARIABLE_OFFSET = 40;
    static final int FIELD_COUNT = 5;
    static final int STAGE_FIELD = 0;
    static final int EDGE_FIELD = 1;
    static final int CAUSE_CLASS_FIELD = 2;
    static final int CAUSE_MESSAGE_FIELD = 3;
    static final int PAYLOAD_FIELD = 4;
    static final int NULL_LENGTH = -1;

    private DeadLetterLayout()
    {
    }

    /**
     * Bytes a string takes at most in UTF-8, with its length prefix.
     */
    static int maxUtf8Field(final CharSequence value)
    {
        return Integer.BYTES + (null == value ? 0 : value.length() * 3);
    }

    /**
     * Write a length-prefixed UTF-8 string without allocating (no {@code String.getBytes}).
     *
     * @return the offset after the field.
     */
    static int putUtf8Field(final MutableDirectBuffer buffer, final int offset, final CharSequence value)
    {
        if (null == value)
        {
            buffer.putInt(offset, NULL_LENGTH);
            return offset + Integer.BYTES;
        }
        int at = offset + Integer.BYTES;
        final int n = value.length();
        for (int i = 0; i < n; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x80)
            {
                buffer.putByte(at++, (byte)c);
            }
            else if (c < 0x800)
            {
                buffer.putByte(at++, (byte)(0xC0 | (c >> 6)));
                buffer.putByte(at++, (byte)(0x80 | (c & 0x3F)));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                final int cp = Character.toCodePoint(c, value.charAt(++i));
                buffer.putByte(at++, (byte)(0xF0 | (cp >> 18)));
                buffer.putByte(at++, (byte)(0x80 | ((cp >> 12) & 0x3F)));
                buffer.putByte(at++, (byte)(0x80 | ((cp >> 6) & 0x3F)));
                buffer.putByte(at++, (byte)(0x80 | (cp & 0x3F)));
            }
            else if (Character.isSurrogate(c))
            {
                buffer.putByte(at++, (byte)'?'); // a lone surrogate has no UTF-8 form
            }
            else
            {
                buffer.putByte(at++, (byte)(0xE0 | (c >> 12)));
                buffer.putByte(at++, (byte)(0x80 | ((c >> 6) & 0x3F)));
                buffer.putByte(at++, (byte)(0x80 | (c & 0x3F)));
            }
        }
        buffer.putInt(offset, at - offset - Integer.BYTES);
        return at;
    }
}
