package io.sluice.persistence.deadletter;

import io.sluice.runtime.failure.DeadLetterReason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * A view of one stored dead letter, reused from record to record by {@link DeadLetterReader} and
 * {@link ReplayCursor}: the fixed fields read without allocating, the strings are decoded on each call.
 * <p>
 * <b>Note:</b> valid until the reader or cursor that filled it reads the next record; copy what must be kept. Not
 * thread-safe.
 */
public final class DeadLetterRecord
{
    private static final DeadLetterReason[] REASONS = DeadLetterReason.values();

    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private final int[] fieldOffsets = new int[DeadLetterLayout.FIELD_COUNT];
    private final int[] fieldLengths = new int[DeadLetterLayout.FIELD_COUNT];
    private long index;

    /**
     * Create an empty view, to be filled by a reader.
     */
    public DeadLetterRecord()
    {
    }

    /**
     * Point the view at a record's bytes and check its shape.
     *
     * @return false if the bytes are not a well-formed record.
     */
    boolean wrap(final DirectBuffer source, final int length, final long index)
    {
        this.index = index;
        buffer.wrap(source, 0, length);
        if (length < DeadLetterLayout.VARIABLE_OFFSET ||
            buffer.getInt(DeadLetterLayout.MAGIC_OFFSET) != DeadLetterLayout.MAGIC)
        {
            return false;
        }
        int at = DeadLetterLayout.VARIABLE_OFFSET;
        for (int i = 0; i < DeadLetterLayout.FIELD_COUNT; i++)
        {
            if (at + Integer.BYTES > length)
            {
                return false;
            }
            final int fieldLength = buffer.getInt(at);
            at += Integer.BYTES;
            if (fieldLength < DeadLetterLayout.NULL_LENGTH || (fieldLength > 0 && at + fieldLength > length))
            {
                return false;
            }
            fieldOffsets[i] = at;
            fieldLengths[i] = fieldLength;
            at += Math.max(0, fieldLength);
        }
        return true;
    }

    /**
     * The record's sequence in its store: 0 for the first dead letter, then one more for each.
     *
     * @return the sequence.
     */
    public long sequence()
    {
        return buffer.getLong(DeadLetterLayout.SEQUENCE_OFFSET);
    }

    /**
     * The record's index in the Chronicle queue (cycle and position), for Chronicle's own tools.
     *
     * @return the Chronicle index.
     */
    public long index()
    {
        return index;
    }

    /**
     * The message's type id.
     *
     * @return the type id of a binary message; 0 for an object message.
     */
    public int typeId()
    {
        return buffer.getInt(DeadLetterLayout.TYPE_ID_OFFSET);
    }

    /**
     * Calls of the handler made for the message.
     *
     * @return attempts, 0 if it was never tried.
     */
    public int attempts()
    {
        return buffer.getInt(DeadLetterLayout.ATTEMPTS_OFFSET);
    }

    /**
     * Why the message is a dead letter.
     *
     * @return the reason, or null if the record holds one this version does not know.
     */
    public DeadLetterReason reason()
    {
        final int ordinal = buffer.getInt(DeadLetterLayout.REASON_OFFSET);
        return ordinal >= 0 && ordinal < REASONS.length ? REASONS[ordinal] : null;
    }

    /**
     * Time of the first failed attempt.
     *
     * @return nanoseconds since the epoch, 0 if never tried.
     */
    public long firstFailureEpochNanos()
    {
        return buffer.getLong(DeadLetterLayout.FIRST_FAILURE_OFFSET);
    }

    /**
     * Time of the last failed attempt.
     *
     * @return nanoseconds since the epoch, 0 if never tried.
     */
    public long lastFailureEpochNanos()
    {
        return buffer.getLong(DeadLetterLayout.LAST_FAILURE_OFFSET);
    }

    /**
     * Name of the stage that gave up. Allocates.
     *
     * @return the stage name.
     */
    public String stage()
    {
        return string(DeadLetterLayout.STAGE_FIELD);
    }

    /**
     * Name of the inbound edge the message came from. Allocates.
     *
     * @return the edge name, "" if it came from none.
     */
    public String edge()
    {
        return string(DeadLetterLayout.EDGE_FIELD);
    }

    /**
     * Class of the cause of the last failure. Allocates.
     *
     * @return the class name, or null if there was no cause (an open breaker).
     */
    public String causeClass()
    {
        return string(DeadLetterLayout.CAUSE_CLASS_FIELD);
    }

    /**
     * Message of the cause of the last failure. Allocates.
     *
     * @return the message, or null if there was no cause or the cause had no message.
     */
    public String causeMessage()
    {
        return string(DeadLetterLayout.CAUSE_MESSAGE_FIELD);
    }

    /**
     * The buffer holding the payload, at {@link #payloadOffset()} for {@link #payloadLength()} bytes.
     *
     * @return the buffer, valid until the next record is read.
     */
    public DirectBuffer payloadBuffer()
    {
        return buffer;
    }

    /**
     * Offset of the payload in {@link #payloadBuffer()}.
     *
     * @return the offset.
     */
    public int payloadOffset()
    {
        return fieldOffsets[DeadLetterLayout.PAYLOAD_FIELD];
    }

    /**
     * Length of the payload: the message's bytes (binary) or its encoding by the store's codec (object).
     *
     * @return bytes.
     */
    public int payloadLength()
    {
        return Math.max(0, fieldLengths[DeadLetterLayout.PAYLOAD_FIELD]);
    }

    /**
     * A copy of the payload. Allocates.
     *
     * @return a new array.
     */
    public byte[] payloadBytes()
    {
        final byte[] bytes = new byte[payloadLength()];
        buffer.getBytes(payloadOffset(), bytes);
        return bytes;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "DeadLetterRecord{sequence=" + sequence() + ", stage=" + stage() + ", edge=" + edge() +
            ", reason=" + reason() + ", typeId=" + typeId() + ", attempts=" + attempts() +
            ", firstFailureEpochNanos=" + firstFailureEpochNanos() + ", lastFailureEpochNanos=" +
            lastFailureEpochNanos() + ", cause=" + causeClass() + ": " + causeMessage() +
            ", payloadLength=" + payloadLength() + "}";
    }

    private String string(final int field)
    {
        final int length = fieldLengths[field];
        if (length == DeadLetterLayout.NULL_LENGTH)
        {
            return null;
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(fieldOffsets[field], bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
