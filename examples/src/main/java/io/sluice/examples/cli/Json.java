package io.sluice.examples.cli;

import java.util.Base64;

/**
 * A minimal JSON object writer for one-object-per-line output. Output is pure ASCII: every character outside
 * printable ASCII is escaped as {@code \\uXXXX}, so the lines survive any terminal or locale encoding.
 * <p>
 * <b>Note:</b> not thread-safe; reuse one instance with {@link #reset()}.
 */
public final class Json
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    private boolean first = true;

    /**
     * Start an empty object.
     */
    public Json()
    {
        reset();
    }

    /**
     * Start a new object, dropping what was written.
     *
     * @return this.
     */
    public Json reset()
    {
        out.setLength(0);
        out.append('{');
        first = true;
        return this;
    }

    /**
     * Add a string field; a null value is written as {@code null}.
     *
     * @param name  of the field.
     * @param value of the field.
     * @return this.
     */
    public Json field(final String name, final String value)
    {
        name(name);
        if (null == value)
        {
            out.append("null");
        }
        else
        {
            quote(out, value);
        }
        return this;
    }

    /**
     * Add a number field.
     *
     * @param name  of the field.
     * @param value of the field.
     * @return this.
     */
    public Json field(final String name, final long value)
    {
        name(name);
        out.append(value);
        return this;
    }

    /**
     * Add a base64 string field.
     *
     * @param name  of the field.
     * @param bytes to encode.
     * @return this.
     */
    public Json base64(final String name, final byte[] bytes)
    {
        return field(name, Base64.getEncoder().encodeToString(bytes));
    }

    /**
     * The object, closed.
     *
     * @return one line of JSON, without a line separator.
     */
    public String end()
    {
        return out + "}";
    }

    /**
     * Append a string as a JSON string literal, quotes included.
     *
     * @param into  where to append.
     * @param value to quote.
     */
    public static void quote(final StringBuilder into, final CharSequence value)
    {
        into.append('"');
        final int n = value.length();
        for (int i = 0; i < n; i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"':
                    into.append("\\\"");
                    break;
                case '\\':
                    into.append("\\\\");
                    break;
                case '\n':
                    into.append("\\n");
                    break;
                case '\r':
                    into.append("\\r");
                    break;
                case '\t':
                    into.append("\\t");
                    break;
                case '\b':
                    into.append("\\b");
                    break;
                case '\f':
                    into.append("\\f");
                    break;
                default:
                    if (c < 0x20 || c > 0x7E)
                    {
                        into.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    }
                    else
                    {
                        into.append(c);
                    }
            }
        }
        into.append('"');
    }

    private void name(final String name)
    {
        if (!first)
        {
            out.append(',');
        }
        first = false;
        quote(out, name);
        out.append(':');
    }
}
