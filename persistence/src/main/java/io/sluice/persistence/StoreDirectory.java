package io.sluice.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The directory under one Chronicle-backed store: who may use it and what it holds.
 * <p>
 * Opening for writing takes an exclusive lock on {@value #LOCK_FILE} (an OS file lock, released by the kernel when
 * the process dies, so a crashed owner never blocks a restart) and records the owner's pid in it. The kind of store
 * and the codec are recorded in {@value #DESCRIPTOR_FILE} when the directory is first used and checked on every
 * later open. Every problem is reported as a {@link StoreDirectoryException} naming the directory, before anything
 * in it is touched.
 */
public final class StoreDirectory implements AutoCloseable
{
    /** The lock file, holding the owner's pid. */
    public static final String LOCK_FILE = "sluice.lock";
    /** The descriptor: kind of store, codec and format version. */
    public static final String DESCRIPTOR_FILE = "sluice-store.properties";

    static final String KIND_KEY = "kind";
    static final String CODEC_KEY = "codec";
    static final String FORMAT_KEY = "format";
    static final String FORMAT = "1";

    private final Path path;
    private final String kind;
    private final String codec;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private StoreDirectory(
        final Path path, final String kind, final String codec, final FileChannel lockChannel, final FileLock lock)
    {
        this.path = path;
        this.kind = kind;
        this.codec = codec;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Open a directory for exclusive use by this process, creating it if it does not exist.
     *
     * @param path  the directory.
     * @param kind  what the store is, e.g. {@code "spill-object"}; must match what the directory holds.
     * @param codec the codec name the data is (to be) written with; must match what the directory holds.
     * @return the open directory; close it to release the lock.
     * @throws StoreDirectoryException if the directory cannot be used.
     */
    public static StoreDirectory openExclusive(final Path path, final String kind, final String codec)
    {
        if (Files.exists(path) && !Files.isDirectory(path))
        {
            throw new StoreDirectoryException(path, "exists but is not a directory");
        }
        try
        {
            Files.createDirectories(path);
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(path, "cannot be created", ex);
        }
        checkAccess(path, true);

        final FileChannel channel;
        try
        {
            channel = FileChannel.open(
                path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(path, "cannot open its lock file " + LOCK_FILE, ex);
        }

        FileLock lock = null;
        boolean heldHere = false;
        try
        {
            lock = channel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            // the JVM keeps file locks per process: this process itself holds the directory
            heldHere = true;
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new StoreDirectoryException(path, "cannot lock " + LOCK_FILE, ex);
        }
        if (heldHere)
        {
            closeQuietly(channel);
            throw new StoreDirectoryException(path, "is in use by this same process (pid " +
                ProcessHandle.current().pid() + "): a store here already has it open; close that store first, or " +
                "share it");
        }
        if (null == lock)
        {
            final String owner = readOwner(channel);
            closeQuietly(channel);
            throw new StoreDirectoryException(path, "is in use by another live process (pid " + owner +
                "); close that store first or choose another directory");
        }

        try
        {
            checkDescriptor(path, kind, codec, true);
            writeOwner(channel);
            return new StoreDirectory(path, kind, codec, channel, lock);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(channel);
            throw ex;
        }
    }

    /**
     * Check, without locking, that a directory exists, is readable and holds the given kind of store; for tools
     * that only read.
     *
     * @param path the directory.
     * @param kind what the store must be.
     * @return the codec name recorded in the directory.
     * @throws StoreDirectoryException if the directory is missing, unreadable or holds something else.
     */
    public static String checkReadable(final Path path, final String kind)
    {
        if (!Files.exists(path))
        {
            throw new StoreDirectoryException(path, "does not exist");
        }
        if (!Files.isDirectory(path))
        {
            throw new StoreDirectoryException(path, "exists but is not a directory");
        }
        checkAccess(path, false);
        final Properties descriptor = readDescriptor(path);
        if (null == descriptor)
        {
            throw new StoreDirectoryException(path, "is not a Sluice store (no " + DESCRIPTOR_FILE + ")");
        }
        checkKind(path, descriptor, kind);
        return descriptor.getProperty(CODEC_KEY, "");
    }

    /**
     * Check, without locking, that a directory exists, is readable and is a Sluice store, and say what kind; for
     * tools that accept more than one kind.
     *
     * @param path the directory.
     * @return the kind recorded in the directory.
     * @throws StoreDirectoryException if the directory is missing, unreadable or not a Sluice store.
     */
    public static String kindOf(final Path path)
    {
        if (!Files.exists(path))
        {
            throw new StoreDirectoryException(path, "does not exist");
        }
        if (!Files.isDirectory(path))
        {
            throw new StoreDirectoryException(path, "exists but is not a directory");
        }
        checkAccess(path, false);
        final Properties descriptor = readDescriptor(path);
        if (null == descriptor)
        {
            throw new StoreDirectoryException(path, "is not a Sluice store (no " + DESCRIPTOR_FILE + ")");
        }
        final String kind = descriptor.getProperty(KIND_KEY, "");
        checkKind(path, descriptor, kind);
        return kind;
    }

    /**
     * The directory.
     *
     * @return its path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * The kind of store this directory holds.
     *
     * @return the kind given when opened.
     */
    public String kind()
    {
        return kind;
    }

    /**
     * The codec the data is written with.
     *
     * @return its name.
     */
    public String codec()
    {
        return codec;
    }

    /**
     * Release the lock. The directory and its data stay.
     */
    @Override
    public void close()
    {
        try
        {
            lock.release();
        }
        catch (final IOException ignore)
        {
            // closing the channel below releases it too
        }
        closeQuietly(lockChannel);
    }

    private static void checkAccess(final Path path, final boolean write)
    {
        if (!Files.isReadable(path) || !Files.isExecutable(path))
        {
            throw new StoreDirectoryException(path, "is not readable by this user");
        }
        if (write && !Files.isWritable(path))
        {
            throw new StoreDirectoryException(path, "is not writable by this user");
        }
    }

    private static void checkDescriptor(final Path path, final String kind, final String codec, final boolean write)
    {
        final Properties descriptor = readDescriptor(path);
        if (null == descriptor)
        {
            if (hasQueueFiles(path))
            {
                throw new StoreDirectoryException(path, "holds Chronicle files but no " + DESCRIPTOR_FILE +
                    ": not a Sluice store, refusing to use it");
            }
            if (write)
            {
                writeDescriptor(path, kind, codec);
            }
            return;
        }
        checkKind(path, descriptor, kind);
        final String recordedCodec = descriptor.getProperty(CODEC_KEY, "");
        if (!recordedCodec.equals(codec))
        {
            throw new StoreDirectoryException(path, "holds data written with codec '" + recordedCodec +
                "', but this store was given codec '" + codec + "'; open it with the codec that wrote it");
        }
    }

    private static void checkKind(final Path path, final Properties descriptor, final String kind)
    {
        final String format = descriptor.getProperty(FORMAT_KEY, "");
        if (!FORMAT.equals(format))
        {
            throw new StoreDirectoryException(path, DESCRIPTOR_FILE + " has format '" + format +
                "'; this version reads format " + FORMAT);
        }
        final String recordedKind = descriptor.getProperty(KIND_KEY, "");
        if (!recordedKind.equals(kind))
        {
            throw new StoreDirectoryException(path, "holds a '" + recordedKind + "' store, not a '" + kind + "' store");
        }
    }

    private static boolean hasQueueFiles(final Path path)
    {
        try (Stream<Path> files = Files.list(path))
        {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(path, "cannot be listed", ex);
        }
    }

    private static Properties readDescriptor(final Path path)
    {
        final Path file = path.resolve(DESCRIPTOR_FILE);
        if (!Files.exists(file))
        {
            return null;
        }
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            properties.load(in);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new StoreDirectoryException(path, DESCRIPTOR_FILE + " cannot be read", ex);
        }
        return properties;
    }

    private static void writeDescriptor(final Path path, final String kind, final String codec)
    {
        final Properties properties = new Properties();
        properties.setProperty(KIND_KEY, kind);
        properties.setProperty(CODEC_KEY, codec);
        properties.setProperty(FORMAT_KEY, FORMAT);
        final Path tmp = path.resolve(DESCRIPTOR_FILE + ".tmp");
        try
        {
            try (OutputStream out = Files.newOutputStream(tmp))
            {
                properties.store(out, "Sluice store descriptor: do not edit");
            }
            Files.move(tmp, path.resolve(DESCRIPTOR_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(path, "cannot write " + DESCRIPTOR_FILE, ex);
        }
    }

    private static String readOwner(final FileChannel channel)
    {
        try
        {
            final ByteBuffer buffer = ByteBuffer.allocate(32);
            final int read = channel.read(buffer, 0);
            return read <= 0 ? "unknown" : new String(buffer.array(), 0, read, StandardCharsets.US_ASCII).trim();
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    private static void writeOwner(final FileChannel channel)
    {
        try
        {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(
                (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        }
        catch (final IOException ignore)
        {
            // the pid is a courtesy for the error message; the lock is what protects the directory
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // nothing more to release
        }
    }
}
