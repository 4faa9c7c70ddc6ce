package io.sluice.jmh.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader, enough for JMH's result files (and any well-formed JSON): objects become
 * {@code LinkedHashMap<String, Object>}, arrays {@code ArrayList<Object>}, numbers {@code Double}, strings
 * {@code String}, booleans {@code Boolean} and null {@code null}. The benchmarks jar carries no JSON library, and
 * the report needs no more than this.
 * <p>
 * <b>Note:</b> not thread-safe; one instance per document.
 */
final class Json
{
    private final String text;
    private int position;

    private Json(final String text)
    {
        this.text = text;
    }

    /**
     * Parse a whole document.
     *
     * @param text the JSON text.
     * @return the value it holds.
     * @throws IllegalArgumentException if the text is not well-formed JSON, naming the position.
     */
    static Object parse(final String text)
    {
        final Json json = new Json(text);
        final Object value = json.readValue();
        json.skipWhitespace();
        if (json.position != text.length())
        {
            throw json.error("end of input");
        }
        return value;
    }

    /**
     * A number as JMH writes it: a JSON number, or a string such as "NaN" or "Infinity" for non-finite values.
     *
     * @param value a parsed value, possibly null.
     * @return the number, or NaN if the value is null or not a number.
     */
    static double toDouble(final Object value)
    {
        if (value instanceof Double)
        {
            return (Double)value;
        }
        if (value instanceof String)
        {
            try
            {
                return Double.parseDouble((String)value);
            }
            catch (final NumberFormatException ex)
            {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private Object readValue()
    {
        skipWhitespace();
        if (position >= text.length())
        {
            throw error("a value");
        }
        final char c = text.charAt(position);
        switch (c)
        {
            case '{':
                return readObject();
            case '[':
                return readArray();
            case '"':
                return readString();
            case 't':
                expectWord("true");
                return Boolean.TRUE;
            case 'f':
                expectWord("false");
                return Boolean.FALSE;
            case 'n':
                expectWord("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return readNumber();
                }
                throw error("a value");
        }
    }

    private Map<String, Object> readObject()
    {
        final Map<String, Object> object = new LinkedHashMap<>();
        position++;
        skipWhitespace();
        if (peek() == '}')
        {
            position++;
            return object;
        }
        while (true)
        {
            skipWhitespace();
            if (peek() != '"')
            {
                throw error("a member name");
            }
            final String name = readString();
            skipWhitespace();
            expect(':');
            object.put(name, readValue());
            skipWhitespace();
            final char c = peek();
            position++;
            if (c == '}')
            {
                return object;
            }
            if (c != ',')
            {
                position--;
                throw error("',' or '}'");
            }
        }
    }

    private List<Object> readArray()
    {
        final List<Object> array = new ArrayList<>();
        position++;
        skipWhitespace();
        if (peek() == ']')
        {
            position++;
            return array;
        }
        while (true)
        {
            array.add(readValue());
            skipWhitespace();
            final char c = peek();
            position++;
            if (c == ']')
            {
                return array;
            }
            if (c != ',')
            {
                position--;
                throw error("',' or ']'");
            }
        }
    }

    private String readString()
    {
        expect('"');
        final StringBuilder builder = new StringBuilder();
        while (true)
        {
            if (position >= text.length())
            {
                throw error("closing '\"'");
            }
            final char c = text.charAt(position++);
            if (c == '"')
            {
                return builder.toString();
            }
            if (c != '\\')
            {
                builder.append(c);
                continue;
            }
            if (position >= text.length())
            {
                throw error("an escape");
            }
            final char escape = text.charAt(position++);
            switch (escape)
            {
                case '"':
                case '\\':
                case '/':
                    builder.append(escape);
                    break;
                case 'b':
                    builder.append('\b');
                    break;
                case 'f':
                    builder.append('\f');
                    break;
                case 'n':
                    builder.append('\n');
                    break;
                case 'r':
                    builder.append('\r');
                    break;
                case 't':
                    builder.append('\t');
                    break;
                case 'u':
                    if (position + 4 > text.length())
                    {
                        throw error("four hex digits");
                    }
                    try
                    {
                        builder.append((char)Integer.parseInt(text.substring(position, position + 4), 16));
                    }
                    catch (final NumberFormatException ex)
                    {
                        throw error("four hex digits");
                    }
                    position += 4;
                    break;
                default:
                    position--;
                    throw error("a valid escape");
            }
        }
    }

    private Double readNumber()
    {
        final int start = position;
        while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0)
        {
            position++;
        }
        try
        {
            return Double.valueOf(text.substring(start, position));
        }
        catch (final NumberFormatException ex)
        {
            position = start;
            throw error("a number");
        }
    }

    private void expectWord(final String word)
    {
        if (!text.startsWith(word, position))
        {
            throw error("'" + word + "'");
        }
        position += word.length();
    }

    private void expect(final char c)
    {
        if (peek() != c)
        {
            throw error("'" + c + "'");
        }
        position++;
    }

    private char peek()
    {
        if (position >= text.length())
        {
            throw error("more input");
        }
        return text.charAt(position);
    }

    private void skipWhitespace()
    {
        while (position < text.length() && Character.isWhitespace(text.charAt(position)))
        {
            position++;
        }
    }

    private IllegalArgumentException error(final String expected)
    {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++)
        {
            if (text.charAt(i) == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return new IllegalArgumentException("malformed JSON at line " + line + ", column " + column + ": expected " +
            expected);
    }
}
