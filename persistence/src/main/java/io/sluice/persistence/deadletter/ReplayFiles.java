package io.sluice.persistence.deadletter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The files of the replay request/status protocol ({@link ReplayRequest}, {@link ReplayStatus}): small
 * {@code key=value} files in the properties syntax, ASCII, each written whole to a temporary file whose name starts
 * with a dot and ends with {@value #TEMP_SUFFIX}, then renamed over its final name atomically, so a reader sees the
 * old file or the new one, never a part of one.
 */
final class ReplayFiles
{
    static final String FORMAT_KEY = "format";
    static final String FORMAT = "1";
    static final String TEMP_SUFFIX = ".tmp";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();

    private ReplayFiles()
    {
    }

    /**
     * Whether a request id may be used in file names.
     */
    static boolean isId(final String id)
    {
        return null != id && ID.matcher(id).matches();
    }

    /**
     * Write a file atomically: a temporary file in the same directory (created if needed), then a rename over the
     * final name.
     *
     * @param file    the final name.
     * @param entries keys and values (written by {@link Properties#store}, in its order, after a date comment).
     * @throws IOException if the directory, the temporary file or the rename fails; the temporary file is removed.
     */
    static void writeAtomically(final Path file, final Map<String, String> entries) throws IOException
    {
        final Properties properties = new Properties();
        properties.setProperty(FORMAT_KEY, FORMAT);
        entries.forEach(properties::setProperty);
        final ByteArrayOutputStream text = new ByteArrayOutputStream(256);
        properties.store(text, null); // to a stream: anything outside printable ASCII is escaped, so all ASCII
        final Path directory = file.getParent();
        Files.createDirectories(directory);
        final Path temp = directory.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." +
            TEMP_COUNTER.incrementAndGet() + TEMP_SUFFIX);
        try
        {
            Files.write(temp, text.toByteArray(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException | RuntimeException ex)
        {
            Files.deleteIfExists(temp);
            throw ex;
        }
    }

    /**
     * Read a file written by {@link #writeAtomically}.
     *
     * @return its keys and values, or null if there is no such file.
     * @throws IOException if it cannot be read, is not in the properties syntax, or has another format.
     */
    static Properties read(final Path file) throws IOException
    {
        final Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1))
        {
            properties.load(in);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IOException("not in the properties syntax: " + ex.getMessage(), ex);
        }
        final String format = properties.getProperty(FORMAT_KEY);
        if (!FORMAT.equals(format))
        {
            throw new IOException(FORMAT_KEY + "=" + format + " is not allowed; allowed " + FORMAT_KEY + "=" + FORMAT);
        }
        return properties;
    }

    /**
     * A value that must be there.
     *
     * @throws IOException naming the key if it is missing.
     */
    static String required(final Properties properties, final String key) throws IOException
    {
        final String value = properties.getProperty(key);
        if (null == value)
        {
            throw new IOException("it has no '" + key + "'");
        }
        return value;
    }

    /**
     * A number that must be there.
     *
     * @throws IOException naming the key and the value if it is missing or not a number.
     */
    static long requiredLong(final Properties properties, final String key) throws IOException
    {
        final String value = required(properties, key);
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IOException(key + "=" + value + " is not allowed; allowed a whole number", ex);
        }
    }

    /**
     * A boolean that must be there.
     *
     * @throws IOException naming the key and the value if it is missing or neither true nor false.
     */
    static boolean requiredBoolean(final Properties properties, final String key) throws IOException
    {
        final String value = required(properties, key).trim();
        if ("true".equals(value) || "false".equals(value))
        {
            return Boolean.parseBoolean(value);
        }
        throw new IOException(key + "=" + value + " is not allowed; allowed true or false");
    }
}
