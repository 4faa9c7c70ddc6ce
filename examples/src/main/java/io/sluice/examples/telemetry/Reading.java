package io.sluice.examples.telemetry;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The fixed layout of one sensor reading, 32 bytes, written in place into a claimed ring-buffer slot and read in
 * place by the consumers as a flyweight: no object per reading anywhere.
 * <pre>
 *   offset  type    field
 *   0       int     group      the sensor group (one producer thread), 0..producers - 1
 *   4       int     sensor     the sensor, unique across groups
 *   8       long    sequence   per group, 0, 1, 2... with no gaps
 *   16      long    timestamp  {@link System#nanoTime()} when the reading was taken
 *   24      double  value      the measurement
 * </pre>
 */
public final class Reading
{
    /**
     * Message type id of a reading on every channel.
     */
    public static final int TYPE_ID = 1;

    /**
     * Offset of the group id.
     */
    public static final int GROUP_OFFSET = 0;

    /**
     * Offset of the sensor id.
     */
    public static final int SENSOR_OFFSET = 4;

    /**
     * Offset of the per-group sequence number.
     */
    public static final int SEQUENCE_OFFSET = 8;

    /**
     * Offset of the timestamp in nanoseconds ({@link System#nanoTime()}).
     */
    public static final int TIMESTAMP_OFFSET = 16;

    /**
     * Offset of the value.
     */
    public static final int VALUE_OFFSET = 24;

    /**
     * Length of a reading in bytes.
     */
    public static final int LENGTH = 32;

    private Reading()
    {
    }

    /**
     * Write a reading at {@code offset}.
     *
     * @param buffer          to write into, e.g. a claim's buffer.
     * @param offset          of the reading's first byte.
     * @param group           the sensor group.
     * @param sensor          the sensor.
     * @param sequence        the group's sequence number.
     * @param timestampNanos  when the reading was taken.
     * @param value           the measurement.
     */
    public static void write(
        final MutableDirectBuffer buffer,
        final int offset,
        final int group,
        final int sensor,
        final long sequence,
        final long timestampNanos,
        final double value)
    {
        buffer.putInt(offset + GROUP_OFFSET, group);
        buffer.putInt(offset + SENSOR_OFFSET, sensor);
        buffer.putLong(offset + SEQUENCE_OFFSET, sequence);
        buffer.putLong(offset + TIMESTAMP_OFFSET, timestampNanos);
        buffer.putDouble(offset + VALUE_OFFSET, value);
    }

    /**
     * The group of the reading at {@code offset}.
     *
     * @param buffer holding the reading.
     * @param offset of the reading.
     * @return the group id.
     */
    public static int group(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + GROUP_OFFSET);
    }

    /**
     * The sensor of the reading at {@code offset}.
     *
     * @param buffer holding the reading.
     * @param offset of the reading.
     * @return the sensor id.
     */
    public static int sensor(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + SENSOR_OFFSET);
    }

    /**
     * The sequence number of the reading at {@code offset}.
     *
     * @param buffer holding the reading.
     * @param offset of the reading.
     * @return the group's sequence number.
     */
    public static long sequence(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SEQUENCE_OFFSET);
    }

    /**
     * The timestamp of the reading at {@code offset}.
     *
     * @param buffer holding the reading.
     * @param offset of the reading.
     * @return when it was taken, in {@link System#nanoTime()} nanoseconds.
     */
    public static long timestampNanos(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + TIMESTAMP_OFFSET);
    }

    /**
     * The value of the reading at {@code offset}.
     *
     * @param buffer holding the reading.
     * @param offset of the reading.
     * @return the measurement.
     */
    public static double value(final DirectBuffer buffer, final int offset)
    {
        return buffer.getDouble(offset + VALUE_OFFSET);
    }
}
