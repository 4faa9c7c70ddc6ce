package io.sluice.examples.demo;

/**
 * A parsed reading: sensor index, sequence number (per sensor, from 1), and the value in thousandths of a degree.
 */
final class Reading
{
    final int sensor;
    final long sequence;
    final long createdNanos;
    final int milliDegrees;

    Reading(final int sensor, final long sequence, final long createdNanos, final int milliDegrees)
    {
        this.sensor = sensor;
        this.sequence = sequence;
        this.createdNanos = createdNanos;
        this.milliDegrees = milliDegrees;
    }

    /**
     * Parse a sensor's line; the parser stage's work.
     *
     * @param raw the line.
     * @return the reading.
     * @throws IllegalArgumentException if the line is malformed.
     */
    static Reading parse(final RawReading raw)
    {
        final String line = raw.line;
        final int firstComma = line.indexOf(',');
        final int secondComma = line.indexOf(',', firstComma + 1);
        if (firstComma != 1 || secondComma < 0)
        {
            throw new IllegalArgumentException("malformed reading '" + line + "'");
        }
        final int sensor = line.charAt(0) - 'a';
        final long sequence = Long.parseLong(line, firstComma + 1, secondComma, 10);
        final int dot = line.indexOf('.', secondComma + 1);
        final int whole = Integer.parseInt(line, secondComma + 1, dot, 10);
        final int fraction = Integer.parseInt(line, dot + 1, line.length(), 10);
        final int milli = whole < 0 || line.charAt(secondComma + 1) == '-' ? whole * 1000 - fraction :
            whole * 1000 + fraction;
        return new Reading(sensor, sequence, raw.createdNanos, milli);
    }

    /**
     * The line a sensor sends for a sequence number: a slow sine around 21 degrees, three decimals.
     *
     * @param sensor   index, 0 for 'a'.
     * @param sequence from 1.
     * @return the line.
     */
    static String line(final int sensor, final long sequence)
    {
        final int milli = 21_000 + (int)(4_000 * Math.sin((sequence + sensor * 5_000L) / 20_000.0));
        final StringBuilder builder = new StringBuilder(24);
        builder.append((char)('a' + sensor)).append(',').append(sequence).append(',');
        if (milli < 0)
        {
            builder.append('-');
        }
        final int abs = Math.abs(milli);
        builder.append(abs / 1000).append('.');
        final int fraction = abs % 1000;
        if (fraction < 100)
        {
            builder.append('0');
        }
        if (fraction < 10)
        {
            builder.append('0');
        }
        return builder.append(fraction).toString();
    }
}
