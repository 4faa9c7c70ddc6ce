package io.sluice.persistence.deadletter;

import io.sluice.persistence.StoreDirectory;
import io.sluice.persistence.StoreDirectoryException;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the dead-letter stores record in their directories, and the operations on a whole directory (purge).
 */
public final class DeadLetterStores
{
    /** The store kind of a {@link ChronicleDeadLetterStore} (object messages through a codec). */
    public static final String OBJECT_KIND = "dead-letter-object";
    /** The store kind of a {@link ChronicleBinaryDeadLetterStore} (raw bytes and type id). */
    public static final String BINARY_KIND = "dead-letter-binary";
    /** The codec name a binary store records: the payload is the message's bytes as they were. */
    public static final String RAW_BYTES_CODEC = "raw-bytes";

    /**
     * How long Chronicle waits on a header that is not complete before it gives up: a live writer completes one in
     * microseconds, so only a corrupt or torn file waits this long.
     */
    static final long QUEUE_TIMEOUT_MS = 2_000;

    private DeadLetterStores()
    {
    }

    /**
     * Whether a kind recorded in a store directory is one of the dead-letter kinds.
     *
     * @param kind as recorded.
     * @return true for {@link #OBJECT_KIND} and {@link #BINARY_KIND}.
     */
    public static boolean isDeadLetterKind(final String kind)
    {
        return OBJECT_KIND.equals(kind) || BINARY_KIND.equals(kind);
    }

    /**
     * Delete every dead letter in a directory, and every replay cursor's mark, keeping the directory and its
     * descriptor (so the kind and codec stay recorded). Sequences start again at 0 afterwards.
     * <p>
     * Refused, with nothing deleted, while a store has the directory open (in this or another live process) or a
     * replay cursor is open on it.
     *
     * @param path the store directory.
     * @return the number of dead letters deleted.
     * @throws StoreDirectoryException if the directory is not a dead-letter store, is in use, or cannot be purged.
     */
    @SuppressWarnings("try") // the directory is held for its lock, not used
    public static long purge(final Path path)
    {
        final String kind = StoreDirectory.kindOf(path);
        if (!isDeadLetterKind(kind))
        {
            throw new StoreDirectoryException(path, "holds a '" + kind + "' store, not a dead-letter store");
        }
        final String codec = StoreDirectory.checkReadable(path, kind);
        try (StoreDirectory ignored = StoreDirectory.openExclusive(path, kind, codec))
        {
            final long count;
            try (DeadLetterReader reader = DeadLetterReader.open(path))
            {
                count = reader.count();
            }
            final List<ReplayCursor> cursors = new ArrayList<>();
            try
            {
                // holding every cursor's lock proves no replay is running, and keeps one from starting meanwhile
                for (final String name : ReplayCursor.names(path))
                {
                    cursors.add(ReplayCursor.lockForPurge(path, name));
                }
                deleteData(path);
            }
            finally
            {
                for (final ReplayCursor cursor : cursors)
                {
                    cursor.deleteAndClose();
                }
            }
            return count;
        }
    }

    private static void deleteData(final Path path)
    {
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(path))
        {
            list.filter(DeadLetterStores::isQueueFile).forEach(files::add);
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(path, "cannot be listed", ex);
        }
        for (final Path file : files)
        {
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ex)
            {
                throw new StoreDirectoryException(path, "cannot delete " + file.getFileName(), ex);
            }
        }
    }

    private static boolean isQueueFile(final Path file)
    {
        final String name = file.getFileName().toString();
        return name.endsWith(".cq4") || name.endsWith(".cq4t");
    }

    /**
     * Open the Chronicle queue in a directory, reporting what Chronicle cannot read as a corrupt store.
     */
    static ChronicleQueue openQueue(final Path path, final boolean readOnly)
    {
        try
        {
            return SingleChronicleQueueBuilder.binary(path).readOnly(readOnly).timeoutMS(QUEUE_TIMEOUT_MS).build();
        }
        catch (final RuntimeException | AssertionError ex)
        {
            throw corrupt(path, ex);
        }
    }

    /**
     * What Chronicle throws on files it cannot read (with assertions on, an AssertionError), as a store error.
     */
    static StoreDirectoryException corrupt(final Path path, final Throwable cause)
    {
        if (cause instanceof StoreDirectoryException)
        {
            return (StoreDirectoryException)cause;
        }
        return new StoreDirectoryException(path, "its Chronicle queue files cannot be read: corrupt, truncated or " +
            "not written by Chronicle Queue; nothing was changed", cause);
    }
}
