package io.sluice.examples.stat;

import java.util.Locale;

/**
 * Number formats of {@code sluice stat}: short enough for a column, exact where a value is small. Every method is a
 * pure function; none depends on the default locale.
 */
public final class StatFormat
{
    /**
     * What a cell shows when its value cannot be computed (no previous snapshot, no samples, a counter that went
     * back).
     */
    public static final String NONE = "-";

    private static final String[] DURATION_UNITS = { "ns", "us", "ms", "s" };
    private static final String[] COUNT_SUFFIXES = { "", "k", "M", "G", "T", "P" };

    private StatFormat()
    {
    }

    /**
     * A duration in the largest unit of ns, us, ms and s that keeps it at or above 1, with three significant digits
     * ({@code 850ns}, {@code 1.23us}, {@code 12.3ms}, {@code 120ms}, {@code 2.50s}).
     *
     * @param nanos the duration; negative shows as {@link #NONE}.
     * @return the text.
     */
    public static String duration(final long nanos)
    {
        if (nanos < 0)
        {
            return NONE;
        }
        if (nanos < 1000)
        {
            return nanos + DURATION_UNITS[0];
        }
        double value = nanos;
        int unit = 0;
        while (unit < DURATION_UNITS.length - 1 && value >= 999.5)
        {
            value /= 1000.0;
            unit++;
        }
        return threeDigits(value) + DURATION_UNITS[unit];
    }

    /**
     * A count: exact below 10,000, else three significant digits and a k, M, G suffix ({@code 9999}, {@code 12.3k},
     * {@code 1.24M}).
     *
     * @param count the count; negative shows as {@link #NONE}.
     * @return the text.
     */
    public static String count(final long count)
    {
        if (count < 0)
        {
            return NONE;
        }
        if (count < 10_000)
        {
            return Long.toString(count);
        }
        return scaled(count);
    }

    /**
     * A rate per second: one decimal below 10, whole below 10,000, else as {@link #count(long)} ({@code 0.5},
     * {@code 472}, {@code 473k}).
     *
     * @param perSecond the rate; NaN or negative shows as {@link #NONE}.
     * @return the text.
     */
    public static String rate(final double perSecond)
    {
        if (Double.isNaN(perSecond) || perSecond < 0)
        {
            return NONE;
        }
        if (perSecond == 0)
        {
            return "0";
        }
        if (perSecond < 9.95)
        {
            return String.format(Locale.ROOT, "%.1f", perSecond);
        }
        if (perSecond < 9999.5)
        {
            return String.format(Locale.ROOT, "%.0f", perSecond);
        }
        return scaled(perSecond);
    }

    /**
     * A fraction as a percentage with one decimal, clamped to 0..100 ({@code 95.6%}).
     *
     * @param fraction between 0 and 1; NaN shows as {@link #NONE}.
     * @return the text.
     */
    public static String percent(final double fraction)
    {
        if (Double.isNaN(fraction))
        {
            return NONE;
        }
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * Math.max(0.0, Math.min(1.0, fraction)));
    }

    /**
     * A fill bar: {@code [#######.....]}. A non-empty channel shows at least one {@code #} and a channel short of
     * full at least one {@code .}, so neither empty nor full is shown where it is not.
     *
     * @param ppm   fill in parts per million, clamped to 0..1,000,000.
     * @param width cells between the brackets.
     * @return the bar, {@code width + 2} characters.
     */
    public static String bar(final long ppm, final int width)
    {
        final long clamped = Math.max(0, Math.min(1_000_000L, ppm));
        int filled = (int)Math.round(clamped * (double)width / 1_000_000.0);
        if (clamped > 0 && filled == 0)
        {
            filled = 1;
        }
        if (clamped < 1_000_000L && filled == width)
        {
            filled = width - 1;
        }
        final StringBuilder bar = new StringBuilder(width + 2).append('[');
        for (int i = 0; i < width; i++)
        {
            bar.append(i < filled ? '#' : '.');
        }
        return bar.append(']').toString();
    }

    /**
     * A long with thousands separators ({@code 4,096}).
     *
     * @param value the value.
     * @return the text.
     */
    public static String grouped(final long value)
    {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /**
     * An uptime: {@code 45s}, {@code 12m05s}, {@code 3h02m}, {@code 2d04h}.
     *
     * @param millis the time; negative shows as {@link #NONE}.
     * @return the text.
     */
    public static String uptime(final long millis)
    {
        if (millis < 0)
        {
            return NONE;
        }
        final long seconds = millis / 1000;
        if (seconds < 60)
        {
            return seconds + "s";
        }
        if (seconds < 3600)
        {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400)
        {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, (seconds % 86_400) / 3600);
    }

    private static String scaled(final double value)
    {
        double scaled = value;
        int suffix = 0;
        while (suffix < COUNT_SUFFIXES.length - 1 && scaled >= 999.5)
        {
            scaled /= 1000.0;
            suffix++;
        }
        return threeDigits(scaled) + COUNT_SUFFIXES[suffix];
    }

    private static String threeDigits(final double value)
    {
        if (value < 9.995)
        {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        if (value < 99.95)
        {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
