package io.sluice.runtime.metrics;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The label format of a descriptor counter ({@link MetricKind#INFO}): the scope word, then {@code key=value} pairs
 * separated by single spaces, values percent-encoded where they hold a space, {@code =}, {@code %} or a character
 * outside printable ASCII, for example
 * <pre>
 * edge graph=telemetry name=parser-&gt;aggregator policy=SPILL kind=OBJECT_SPSC from=parser to=aggregator
 * </pre>
 * Metric counters carry a human-readable label ({@code "sluice_edge_depth telemetry/parser->aggregator"}), as
 * Aeron's do; readers identify them by type id and key, never by parsing that label.
 */
public final class CounterLabels
{
    private CounterLabels()
    {
    }

    /**
     * Format a descriptor label.
     *
     * @param scope      first word.
     * @param attributes key/value pairs, in order.
     * @return the label.
     */
    public static String format(final MetricScope scope, final Map<String, String> attributes)
    {
        final StringBuilder label = new StringBuilder(scope.name().toLowerCase());
        for (final Map.Entry<String, String> entry : attributes.entrySet())
        {
            label.append(' ').append(entry.getKey()).append('=');
            encode(entry.getValue(), label);
        }
        return label.toString();
    }

    /**
     * Parse a descriptor label's attributes.
     *
     * @param label as written by {@link #format(MetricScope, Map)}.
     * @return the attributes in order; empty if the label has none.
     */
    public static Map<String, String> parse(final String label)
    {
        final Map<String, String> attributes = new LinkedHashMap<>();
        final String[] words = label.split(" ");
        for (int i = 1; i < words.length; i++)
        {
            final int equals = words[i].indexOf('=');
            if (equals > 0)
            {
                attributes.put(words[i].substring(0, equals), decode(words[i].substring(equals + 1)));
            }
        }
        return attributes;
    }

    private static void encode(final String value, final StringBuilder out)
    {
        for (final byte b : value.getBytes(StandardCharsets.UTF_8))
        {
            final int c = b & 0xFF;
            if (c <= ' ' || c >= 0x7F || c == '=' || c == '%')
            {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
            else
            {
                out.append((char)c);
            }
        }
    }

    private static String decode(final String value)
    {
        if (value.indexOf('%') < 0)
        {
            return value;
        }
        final byte[] bytes = new byte[value.length()];
        int length = 0;
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length())
            {
                bytes[length++] = (byte)Integer.parseInt(value.substring(i + 1, i + 3), 16);
                i += 2;
            }
            else
            {
                bytes[length++] = (byte)c;
            }
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
